"""The Python hook's cost, as users feel it (run by bin/bench-python-hook, which starts the daemon).

usage: python_hook.py SOCKET HOOK_DIR PAIRS ROUND_TRIPS

1. Round trips from Python through the client's own functions on one connection: the same question
   again and again, `inline` (no file) and `module` about a real file (its descriptor sent).
2. An import-heavy script (138 questions) run with and without the hook, in pairs, alternating
   which goes first, after 30 unmeasured runs; the overhead is the median of the paired ratios.
"""
import os
import statistics
import subprocess
import sys
import time

socket_path, hook_dir, pairs, trips = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
os.environ["MAYEXEC_SOCKET"] = socket_path
sys.path.insert(0, hook_dir)
import mayexec_hook  # noqa: E402  (installs the hook in this process too)

SCRIPT = ("import json, email, http.client, decimal, asyncio, argparse, logging, subprocess, "
          "xml.dom.minidom, csv, sqlite3, unittest, urllib.request\n")


def percentiles(samples):
    s = sorted(samples)
    return s[len(s) // 2], s[int(len(s) * 0.99) - 1]


def round_trips():
    module = os.path.join(os.path.dirname(os.__file__), "json", "__init__.py")
    for name, ask in (("inline", lambda: mayexec_hook.check("inline")),
                      ("module (fd)", lambda: mayexec_hook.check_open_file(f, "module", module))):
        with open(module, "rb") as f:
            for _ in range(200):
                ask()
            times = []
            for _ in range(trips):
                t = time.perf_counter_ns()
                ask()
                times.append((time.perf_counter_ns() - t) / 1000)
        p50, p99 = percentiles(times)
        print("round trip %-12s p50 %6.1f us  p99 %7.1f us  (%d questions)" % (name, p50, p99, trips))


def paired():
    def run(env):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True)
        return time.perf_counter() - t

    plain = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    hooked = dict(plain, PYTHONPATH=hook_dir)
    for _ in range(30):  # a running daemon has answered these questions before: warm its JIT and caches
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
