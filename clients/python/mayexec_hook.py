"""Ask the mayexec daemon before CPython runs code; refuse what it does not allow.

Standard library only. Import it as early as possible (see README.md: a `sitecustomize.py` in the
interpreter's site-packages does it before the main script, the -c command or the REPL starts).

What is judged is the open file, never a name: the hook opens the file, sends that descriptor to
the daemon (SCM_RIGHTS), and, for imports, hands CPython that same open file, so that what was
judged is what is read. CPython's events map to mayexec channels:

    io.open_code(path)              -> module (config for a .pth file); .py, .pyc and zip files alike,
                                       each judged itself: a .pyc is code, whatever its source says
    cpython.run_file(path)          -> file: the file opened and judged here; CPython must then run
                                       exactly the code that file held
    cpython.run_module(name)        -> module (and every file the import opens, through open_code)
    cpython.run_command(code)       -> inline
    cpython.run_stdin()             -> stdin (the daemon looks at this process's fd 0)
    cpython.run_startup(path)       -> config (PYTHONSTARTUP)
    cpython.run_interactivehook()   -> interactive

Anything but an explicit allow is a deny: a deny, an error, no daemon, a daemon that is not root
(or the daemon user named in the root-owned configuration), an answer that cannot be read. No
environment variable can weaken it; `fail_open` exists only in /etc/mayexec/client.conf, and only
when that file is root's and no one else can write it.
"""

import array
import ctypes
import io
import json
import os
import socket
import stat
import struct
import sys
import threading

CONFIG = "/etc/mayexec/client.conf"
_PR_GET_SECUREBITS = 27
_BITS = {0x100: "exec-restrict-file", 0x200: "exec-restrict-file-locked",
         0x400: "exec-deny-interactive", 0x800: "exec-deny-interactive-locked"}


def _config(path=CONFIG):
    """Settings from a root-owned file no one else can write; anything else is ignored."""
    out = {"socket": "/run/mayexec.sock", "fail_open": False, "daemon_uids": {0}}
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return out
    with os.fdopen(fd, "r") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != 0 or st.st_mode & 0o022:
            return out
        for line in f:
            key, _, value = line.partition("=")
            key, value = key.strip(), value.strip()
            if key == "socket" and value.startswith("/"):
                out["socket"] = value
            elif key == "fail_open":
                out["fail_open"] = value in ("yes", "true", "1")
            elif key == "daemon_user":
                try:
                    import pwd
                    out["daemon_uids"].add(pwd.getpwnam(value).pw_uid if not value.isdigit() else int(value))
                except (KeyError, ImportError):
                    pass
    return out


_settings = _config()
# a socket named in the environment is only a place to look: whoever answers there must still be
# root or the configured daemon user, so it cannot be used to switch the checks off
SOCKET = os.environ.get("MAYEXEC_SOCKET") or _settings["socket"]

_local = threading.local()
_connection = None
_lock = threading.RLock()


class Denied(PermissionError):
    """mayexec did not allow this code to run."""


def _securebits():
    try:
        bits = ctypes.CDLL(None, use_errno=True).prctl(_PR_GET_SECUREBITS, 0, 0, 0, 0)
    except (OSError, AttributeError):
        return []
    return [name for mask, name in _BITS.items() if bits >= 0 and bits & mask]


def _connect():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    try:
        sock.connect(SOCKET)
        pid, uid, gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
        if uid not in _settings["daemon_uids"]:
            raise ConnectionError("%s is served by uid %d, not by the mayexec daemon" % (SOCKET, uid))
    except BaseException:
        sock.close()
        raise
    return sock, sock.makefile("rb")


def _ask(request, fd=None):
    """One request, one answer; a descriptor goes with the line. Never raises: a failure is a deny."""
    global _connection
    if fd is not None:
        request["fd"] = True
    line = (json.dumps(request) + "\n").encode()
    with _lock:
        for attempt in (1, 2):  # one reconnect: the daemon may have restarted
            try:
                if _connection is None:
                    _connection = _connect()
                sock, reader = _connection
                if fd is None:
                    sock.sendall(line)
                else:
                    sent = sock.sendmsg([line], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
                    if sent < len(line):
                        sock.sendall(line[sent:])
                answer = reader.readline()
                if not answer:
                    raise ConnectionError("the daemon closed the connection")
                decision = json.loads(answer)
                if not isinstance(decision, dict):
                    raise ValueError("the answer is not a JSON object")
                return decision
            except (OSError, ValueError) as e:
                if _connection is not None:
                    _connection[0].close()
                _connection = None
                if attempt == 2:
                    return {"decision": "error", "reasons": [{"code": "daemon.unreachable",
                                                              "message": "no answer from %s: %s" % (SOCKET, e)}]}
    return {"decision": "error"}


def _allowed(decision):
    """An allow, or an audit-mode would-deny (enforced: false); nothing else."""
    if decision.get("decision") == "allow":
        return True
    return decision.get("decision") == "deny" and decision.get("enforced") is False


def _refusal(decision, what):
    reasons = "; ".join(str(r.get("message") or r.get("code", "?")) for r in decision.get("reasons", [])
                        if isinstance(r, dict)) or "no reason given (%s)" % decision.get("error", "not an allow")
    return Denied("mayexec: refused to run %s: %s" % (what, reasons))


def check(channel, path=None, what=None, fd=None):
    """Asks the daemon about a channel, an open file (fd) or a path; raises Denied unless it allows."""
    request = {"channel": channel, "pid": os.getpid(), "process": {"securebits": _securebits()}}
    if path is not None:
        request["path"] = os.path.abspath(path)
    decision = _ask(request, fd)
    if not _allowed(decision) and not _settings["fail_open"]:
        raise _refusal(decision, what or path or channel)


def check_open_file(f, channel, what):
    """Judges the open file f itself (its descriptor goes to the daemon)."""
    check(channel, what=what, fd=f.fileno())


# -- the main script: what runs is what was judged ---------------------------------------------
# CPython opens the main script by name after the cpython.run_file event, so a name that changes in
# between would run another file. The hook opens the file itself, has that descriptor judged,
# compiles what it read, and, when CPython enters the module's code (a profile "call" event, before
# its first line), requires the code CPython compiled to be exactly that code.
_main = None  # {"path", "code": the code of what was judged, "previous": profile function}


def _arm_main_check(path):
    global _main
    with open(path, "rb") as f:
        check_open_file(f, "file", path)
        source = f.read()
    try:
        code = compile(source, path, "exec", dont_inherit=True, optimize=sys.flags.optimize)
    except (SyntaxError, ValueError):
        code = None  # CPython will report the error; nothing of it may run
    _main = {"path": path, "code": code, "previous": sys.getprofile()}
    sys.setprofile(_enter_main)


def _enter_main(frame, event, _arg):
    global _main
    state = _main
    if state is None or event != "call" or frame.f_code.co_name != "<module>" or frame.f_code.co_filename != state["path"]:
        return
    _main = None
    sys.setprofile(state["previous"])
    # code objects compare by their instructions, constants (nested code too), names and line table;
    # marshalled bytes would not do: marshal's back-references depend on reference counts
    if state["code"] is None or frame.f_code != state["code"]:
        raise Denied("mayexec: refused to run %s: it changed between the check and its start" % state["path"])


def _module_file(name):
    import importlib.util
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None and spec.has_location else None


def _hook(event, args):
    if not event.startswith("cpython.") or getattr(_local, "busy", False):
        return  # not ours to judge, or our own socket and imports
    _local.busy = True
    try:
        if event == "cpython.run_file":
            _arm_main_check(args[0])
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


# -- imports: the open_code hook -------------------------------------------------------------------
class _Refused:
    """What open_code returns when it must fail (a C hook cannot raise): any use raises the error."""

    def __init__(self, error):
        object.__setattr__(self, "_error", error)

    def __enter__(self):
        raise self._error

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        raise self._error

    def __getattr__(self, name):
        if name == "close":
            return lambda: None
        raise self._error


def _open_code(path, _user_data):
    """Opens the file, asks about that descriptor, and returns that same open file. Never raises."""
    try:
        f = io.open(path, "rb")
    except BaseException as e:  # FileNotFoundError for a .pyc not written yet, IsADirectoryError, ...
        return _Refused(e)
    if getattr(_local, "busy", False):
        return f
    _local.busy = True
    try:
        check_open_file(f, "config" if str(path).endswith(".pth") else "module", str(path))
        return f
    except BaseException as e:
        f.close()
        return _Refused(e if isinstance(e, OSError) else Denied("mayexec: %s" % e))
    finally:
        _local.busy = False


_OPEN_CODE_HOOK = ctypes.CFUNCTYPE(ctypes.py_object, ctypes.py_object, ctypes.c_void_p)
_open_code_callback = _OPEN_CODE_HOOK(_open_code)  # kept alive for the life of the process


def install():
    """Installs the hooks; audit hooks cannot be removed, so it is installed once for the process."""
    if not getattr(sys, "_mayexec_hook", False):
        sys.addaudithook(_hook)
        setter = ctypes.pythonapi.PyFile_SetOpenCodeHook
        setter.argtypes = [_OPEN_CODE_HOOK, ctypes.c_void_p]
        if setter(_open_code_callback, None) != 0:
            sys.stderr.write("mayexec: another open_code hook is installed; imports are not checked\n")
        sys._mayexec_hook = True


install()
