"""Ask the mayexec daemon before CPython runs code; refuse what it denies.

Standard library only. Import it as early as possible (see README.md: a `sitecustomize.py` on
PYTHONPATH does it before the main script, the -c command or the REPL starts). It installs a PEP 578
audit hook that maps CPython's events to mayexec channels:

    cpython.run_file(path)          -> file
    cpython.run_module(name)        -> module (the file that the name resolves to)
    cpython.run_command(code)       -> inline
    cpython.run_stdin()             -> stdin (the daemon looks at this process's fd 0)
    cpython.run_startup(path)       -> config (PYTHONSTARTUP)
    cpython.run_interactivehook()   -> interactive
    io.open_code(path)              -> module, or config for a .pth file (imports and site use it; it
                                       shows as the event open(path, "r", O_RDONLY|O_CLOEXEC))

The daemon takes this process's identity from the kernel; the hook sends only the channel, its pid,
the path, and its own exec securebits. A deny raises PermissionError with the daemon's reasons; an
unreachable daemon is a deny too (fail closed) unless MAYEXEC_FAIL_OPEN=1 is set.
"""

import ctypes
import json
import os
import socket
import sys
import threading

SOCKET = os.environ.get("MAYEXEC_SOCKET", "/run/mayexec.sock")
FAIL_OPEN = os.environ.get("MAYEXEC_FAIL_OPEN") == "1"
_PR_GET_SECUREBITS = 27
_BITS = {0x100: "exec-restrict-file", 0x200: "exec-restrict-file-locked",
         0x400: "exec-deny-interactive", 0x800: "exec-deny-interactive-locked"}

# io.open_code raises the "open" event with exactly these flags; open() from Python code never does
_OPEN_CODE_FLAGS = os.O_RDONLY | os.O_CLOEXEC

_local = threading.local()
_connection = None
_lock = threading.Lock()


class Denied(PermissionError):
    """The daemon refused to let this code run."""


def _securebits():
    try:
        bits = ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_SECUREBITS, 0, 0, 0, 0)
    except (OSError, AttributeError):
        return []
    return [name for mask, name in _BITS.items() if bits >= 0 and bits & mask]


def _ask(request):
    global _connection
    line = (json.dumps(request) + "\n").encode()
    with _lock:
        for attempt in (1, 2):  # one reconnect: the daemon may have restarted
            try:
                if _connection is None:
                    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    sock.connect(SOCKET)
                    _connection = (sock, sock.makefile("rb"))
                sock, reader = _connection
                sock.sendall(line)
                answer = reader.readline()
                if answer:
                    return json.loads(answer)
                raise ConnectionError("the daemon closed the connection")
            except (OSError, ValueError) as e:
                _connection = None
                if attempt == 2:
                    return {"decision": "allow" if FAIL_OPEN else "deny", "enforced": not FAIL_OPEN,
                            "reasons": [{"code": "daemon.unreachable", "message": "no answer from %s: %s" % (SOCKET, e)}]}
    return None


def check(channel, path=None, what=None):
    """Asks the daemon; raises Denied when the answer is an enforced deny."""
    request = {"channel": channel, "pid": os.getpid(), "process": {"securebits": _securebits()}}
    if path is not None:
        request["path"] = os.path.abspath(path)
    decision = _ask(request)
    if decision.get("decision") == "deny" and decision.get("enforced", True):
        reasons = "; ".join(r.get("message") or r.get("code", "?") for r in decision.get("reasons", []))
        raise Denied("mayexec: refused to run %s: %s" % (what or path or channel, reasons))


def _module_file(name):
    import importlib.util
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None and spec.has_location else None


def _hook(event, args):
    if getattr(_local, "busy", False):
        return  # our own socket and imports
    _local.busy = True
    try:
        if event == "cpython.run_file":
            check("file", args[0])
        elif event == "cpython.run_module":
            check("module", _module_file(args[0]), "module %s" % args[0])
        elif event == "cpython.run_command":
            check("inline", what="-c code")
        elif event == "cpython.run_stdin":
            check("stdin", what="code from standard input")
        elif event == "cpython.run_startup":
            check("config", args[0])
        elif event == "cpython.run_interactivehook":
            check("interactive", what="the interactive prompt")
        elif event == "open" and args[1] == "r" and args[2] == _OPEN_CODE_FLAGS and isinstance(args[0], str):
            path = args[0]
            if path.endswith(".pyc") and "__pycache__" in path:
                import importlib.util
                try:
                    path = importlib.util.source_from_cache(path)  # judge the source the bytecode came from
                except ValueError:
                    pass
            check("config" if path.endswith(".pth") else "module", path)
    finally:
        _local.busy = False


def install():
    """Installs the hook; audit hooks cannot be removed, so it is installed once for the process."""
    if not getattr(sys, "_mayexec_hook", False):
        sys.addaudithook(_hook)
        sys._mayexec_hook = True


install()
