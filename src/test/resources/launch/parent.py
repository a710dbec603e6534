# The tests' caller of a program: it gives the program a state that the JVM would change, then
# execs its arguments. Blocked: USR2, WINCH, TTIN; ignored: HUP, TERM, USR1, ALRM; RLIMIT_NOFILE's
# soft limit 777; umask 027; descriptor 7 open on /etc/hostname without close-on-exec (as a shell's
# `exec 7</etc/hostname`); an environment variable that is not UTF-8. With MX_LISTEN set (and
# taken out), also systemd's socket-activation descriptor 3.
import os
import resource
import signal
import sys

signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR2, signal.SIGWINCH, signal.SIGTTIN})
for s in (signal.SIGHUP, signal.SIGTERM, signal.SIGUSR1, signal.SIGALRM):
    signal.signal(s, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_NOFILE, (777, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
os.umask(0o027)
fd = os.open("/etc/hostname", os.O_RDONLY)
os.dup2(fd, 7, inheritable=True)
os.close(fd)
env = dict(os.environb)
env[b"MX_NOT_UTF8"] = b"caf\xe9"
if env.pop(b"MX_LISTEN", None):
    # as systemd's socket activation: descriptor 3, LISTEN_FDS=1, LISTEN_PID the process that runs
    # the program (this one: exec keeps the pid)
    os.dup2(7, 3, inheritable=True)
    env[b"LISTEN_FDS"] = b"1"
    env[b"LISTEN_PID"] = str(os.getpid()).encode()
os.execve(sys.argv[1], sys.argv[1:], env)
