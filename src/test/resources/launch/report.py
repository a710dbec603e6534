# What a program sees of its start: argv, environment (bytes, in order), working directory, umask,
# signal mask and ignored signals, RLIMIT_NOFILE, its open descriptors and its securebits. One line each.
import ctypes
import os
import resource
import sys

status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
print("argv", sys.argv[1:])
print("environ", open("/proc/self/environ", "rb").read().hex())
print("cwd", os.getcwd())
for key in ("Umask", "SigBlk", "SigIgn", "NoNewPrivs"):
    print(key, status[key].strip())
print("nofile", resource.getrlimit(resource.RLIMIT_NOFILE)[0])
print("fds", sorted(int(n) for n in os.listdir("/proc/self/fd") if int(n) > 2 and os.path.exists("/proc/self/fd/" + n)
                    and os.readlink("/proc/self/fd/" + n) != "/proc/%d/fd" % os.getpid()))
print("securebits", ctypes.CDLL(None).prctl(27, 0, 0, 0, 0))
