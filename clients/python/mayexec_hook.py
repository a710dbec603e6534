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
    io.open_code(path)              -> module, or config for a .pth file (imports and site use it);
                                       hooked with PyFile_SetOpenCodeHook through ctypes, since its
                                       audit event cannot be told apart from a plain open()

The daemon takes this process's identity from the kernel; the hook sends only the channel, its pid,
the path, and its own exec securebits. A deny raises PermissionError with the daemon's reasons; an
unreachable daemon is a deny too (fail closed) unless MAYEXEC_FAIL_OPEN=1 is set.
"""

import ctypes
import io
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
    finally:
        _local.busy = False


class _Refused:
    """What the open_code hook returns for a denied file: reading it raises (a C hook cannot raise)."""

    def __init__(self, error):
        self.error = error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, *args):
        raise self.error

    def close(self):
        pass


def _source_of(path):
    """dir/__pycache__/name.cpython-311.pyc -> dir/name.py: the bytecode is judged by its source.
    (importlib.util cannot be imported here: this runs in the middle of an import.)"""
    head, tail = os.path.split(path)
    parent, cache = os.path.split(head)
    if cache != "__pycache__" or not tail.endswith(".pyc"):
        return path
    return os.path.join(parent, tail.split(".")[0] + ".py")


def _open_code(path, _user_data):
    judged = _source_of(path)
    if not getattr(_local, "busy", False):
        _local.busy = True
        try:
            check("config" if judged.endswith(".pth") else "module", judged)
        except Denied as e:
            return _Refused(e)
        finally:
            _local.busy = False
    return io.FileIO(path, "r")


_OPEN_CODE_HOOK = ctypes.CFUNCTYPE(ctypes.py_object, ctypes.py_object, ctypes.c_void_p)
_open_code_callback = _OPEN_CODE_HOOK(_open_code)  # kept alive for the life of the process


def install():
    """Installs the hook; audit hooks cannot be removed, so it is installed once for the process."""
    if not getattr(sys, "_mayexec_hook", False):
        sys.addaudithook(_hook)
        setter = ctypes.pythonapi.PyFile_SetOpenCodeHook
        setter.argtypes = [_OPEN_CODE_HOOK, ctypes.c_void_p]
        if setter(_open_code_callback, None) != 0:
            sys.stderr.write("mayexec: another open_code hook is installed; imports are not checked\n")
        sys._mayexec_hook = True


install()
