"""The Python hook's cost, as users feel it (run by bin/bench-python-hook, which starts the daemon).

usage: python_hook.py SOCKET HOOK_DIR PAIRS ROUND_TRIPS

1. Round trips from Python through the client's own functions on one connection: the same question
   again and again, `inline` (no file) and `module` about a real file (its descriptor sent), asked
   of the daemon each time, and `module` answered by the client from an answer it may reuse.
2. An import-heavy script (138 files through open_code) run with and without the hook, in pairs, alternating
   which goes first, after 500 unmeasured starts of `python3 -c pass` and 30 of the script; the
   overhead is the median of the paired ratios.
"""
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

socket_path, hook_dir, pairs, trips = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
os.environ["MAYEXEC_SOCKET"] = socket_path
sys.path.insert(0, hook_dir)
import mayexec_hook  # noqa: E402  (installs the hook in this process too)

WARM_STARTS = 500
# a running daemon has answered these questions many times: 200 left the inline round trip, measured
# first, 40 % slower than after the module's (the daemon's JIT was still compiling its path)
WARM_QUESTIONS = 3000
SCRIPT = ("import json, email, http.client, decimal, asyncio, argparse, logging, subprocess, "
          "xml.dom.minidom, csv, sqlite3, unittest, urllib.request\n")


def percentiles(samples):
    s = sorted(samples)
    return s[len(s) // 2], s[int(len(s) * 0.99) - 1]


def round_trips():
    """Asked: each question goes to the daemon (the answer it may reuse is forgotten first).
    Reused: the client's own check that an answer it was given still holds (docs/DAEMON.md)."""
    module = os.path.join(os.path.dirname(os.__file__), "json", "__init__.py")
    with open(module, "rb") as f:
        for name, ask, forget in (
                ("inline, asked", lambda: mayexec_hook.check("inline"), True),
                ("module, asked", lambda: mayexec_hook.check_open_file(f, "module", module), True),
                ("module, reused", lambda: mayexec_hook.check_open_file(f, "module", module), False)):
            if not forget:
                mayexec_hook._drop()  # a new connection asks for grants again
            for _ in range(WARM_QUESTIONS):
                if forget:
                    mayexec_hook._grants.clear()
                ask()
            times = []
            for _ in range(trips):
                if forget:
                    mayexec_hook._grants.clear()
                t = time.perf_counter_ns()
                ask()
                times.append((time.perf_counter_ns() - t) / 1000)
            p50, p99 = percentiles(times)
            print("round trip %-15s p50 %6.1f us  p99 %7.1f us  (%d questions)" % (name, p50, p99, trips))


def paired():
    def run(env):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True)
        return time.perf_counter() - t

    # installed as the package installs it: mayexec_hook.pth in a site-packages directory (here the
    # user site of a base of its own), byte-compiled; the system's sitecustomize runs in both
    plain = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    plain["PYTHONUSERBASE"] = tempfile.mkdtemp()
    hooked = dict(plain, PYTHONUSERBASE=tempfile.mkdtemp())
    site_packages = subprocess.run([sys.executable, "-c", "import site; print(site.getusersitepackages())"],
                                   env=hooked, check=True, capture_output=True, text=True).stdout.strip()
    os.makedirs(site_packages)
    for name in ("mayexec_hook.py", "mayexec_hook.pth"):
        shutil.copy(os.path.join(hook_dir, name), site_packages)
    compileall.compile_dir(site_packages, quiet=1)
    hooks = subprocess.run([sys.executable, "-c", "import sys; print(getattr(sys, '_mayexec_hook', False))"],
                           env=hooked, check=True, capture_output=True, text=True).stdout.strip()
    assert hooks == "True", "the hook is not installed in the runs that should have it"
    # a daemon that has served a few hundred interpreters' starts, as on any host after a while: the
    # code that meets a new process runs once per process, and is compiled only after some hundreds
    for _ in range(WARM_STARTS):
        subprocess.run([sys.executable, "-c", "pass"], env=hooked, check=True)
    for _ in range(30):
        run(hooked)
    # the script's -c code is the `inline` channel: the policy must allow it (kernel-default does)
    ratios, base, with_hook = [], [], []
    for i in range(pairs):
        if i % 2:
            b, h = run(plain), run(hooked)
        else:
            h, b = run(hooked), run(plain)
        base.append(b)
        with_hook.append(h)
        ratios.append(h / b)
    print("import-heavy script: without %.1f ms, with the hook %.1f ms (medians of %d pairs); overhead %+.1f%%"
          % (statistics.median(base) * 1000, statistics.median(with_hook) * 1000, pairs,
             (statistics.median(ratios) - 1) * 100))


round_trips()
paired()
