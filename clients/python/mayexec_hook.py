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

# Only modules that cost nothing to import and never pass through open_code (built in, or C
# extensions): this runs before every script.
import _ctypes
import _json
import _socket
import _thread
import io
import os
import select
import sys

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
        if st.st_mode & 0o170000 != 0o100000 or st.st_uid != 0 or st.st_mode & 0o022:
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

_local = _thread._local()
_lock = _thread.RLock()
_connection = None


# -- C functions: _ctypes itself, not the ctypes package, whose import alone cost 3.7 ms of every
# interpreter's start (python3 -X importtime), more than all the hook's questions once reused ----
class _Int(_ctypes._SimpleCData):
    _type_ = "i"


class _Object(_ctypes._SimpleCData):
    _type_ = "O"


class _Pointer(_ctypes._SimpleCData):
    _type_ = "P"


class _Process:
    """The symbols of this process (libc, libpython), as ctypes' CDLL(None) finds them."""
    _handle = _ctypes.dlopen(None, 0)


class _CFunction(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL
    _restype_ = _Int


class _OpenCodeHook(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL
    _restype_ = _Object
    _argtypes_ = (_Object, _Pointer)


class _SetOpenCodeHook(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_PYTHONAPI
    _restype_ = _Int
    _argtypes_ = (_OpenCodeHook, _Pointer)


_prctl = _CFunction(("prctl", _Process))


class Denied(PermissionError):
    """mayexec did not allow this code to run."""


def _securebits():
    """This process's securebits, as prctl gives them (a number: reading them is on every question)."""
    return _prctl(_PR_GET_SECUREBITS, 0, 0, 0, 0)


def _securebits_json(bits):
    """The exec securebits among bits, as the members of the request's JSON list."""
    return ",".join('"%s"' % name for mask, name in _BITS.items() if bits >= 0 and bits & mask)


def _quote(text):
    """A JSON string (a lone surrogate from an undecodable name is sent as such, and refused)."""
    return _json.encode_basestring_ascii(text)


def _connect():
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM | _socket.SOCK_CLOEXEC)
    try:
        sock.connect(SOCKET)
        cred = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        uid = int.from_bytes(cred[4:8], sys.byteorder, signed=True)
        if uid not in _settings["daemon_uids"]:
            raise ConnectionError("%s is served by uid %d, not by the mayexec daemon" % (SOCKET, uid))
    except BaseException:
        sock.close()
        raise
    return sock


def _open():
    """Connects, and watches the connection for what the daemon sends unasked (a notice, its goodbye)."""
    global _connection, _news
    _connection = _connect()
    _news = select.poll()
    _news.register(_connection, select.POLLIN)


# -- answers the daemon lets this process reuse (docs/DAEMON.md, "Answers a client may reuse") -----
# On connecting, the hook asks the daemon which channels' answers it may give itself: those whose
# allow, for this process as it is, depends on no fact of the file (kernel-default without the exec
# securebits: every channel). It reuses such an answer while the facts of this process that it
# depends on are as they were when it asked, and until the daemon sends a notice on the connection
# (a reload) or closes it. Nothing outside this process can change those facts unseen: its ids,
# groups and securebits change only by its own calls, a cgroup move shows in /proc/self/cgroup, and
# an exec ends this process image and its grants with it. The question goes out without waiting,
# at start-up, so that the daemon answers it while CPython goes on starting.
_grants = {}  # channel -> the state of this process the grant holds in (_state)
_asked = None  # the state sent with a request for grants whose reply has not been read yet
_grants_asked = False  # this connection asked for grants (a reply may be empty: ask once)
_buffer = b""  # what was read after the last line taken
_news = None  # a poll object on the connection: anything to read between answers ends the grants
_said = None  # the daemon's error in reply to a request for grants ("too many clients"), to report
_KNOWN_CHECKS = {"securebits", "ids", "groups", "cgroup"}


def _drop():
    """Forgets the connection and every grant (a notice, a closed or broken connection, a fork)."""
    global _connection, _asked, _grants_asked, _buffer, _said
    _grants.clear()
    _asked, _grants_asked, _buffer, _said = None, False, b"", None
    if _connection is not None:
        _connection.close()
    _connection = None


def _after_fork():
    """The child is another process: its own connection (SO_PEERCRED), and no grant of its parent's."""
    global _lock
    _lock = _thread.RLock()
    _drop()


def _state(bits, ids, groups, cgroup):
    """This process's facts a grant may depend on, as they are now: its securebits, and those of its
    ids, groups and cgroup asked for (None for the others; reading the cgroup costs more than the rest)."""
    if cgroup:
        with io.open("/proc/self/cgroup", "rb") as f:
            cgroup = f.read()
    return (bits, os.getresuid() + os.getresgid() if ids else None, os.getgroups() if groups else None,
            cgroup or None)


def _ask_grants(sock):
    """Asks which answers this process may reuse, without waiting for the reply."""
    global _asked, _grants_asked
    bits = _securebits()
    state = _state(bits, True, True, True)
    sock.sendall(b'{"control":"reuse","process":{"securebits":[%s]}}\n' % _securebits_json(bits).encode())
    _asked, _grants_asked = state, True


def _take_grants(reply, state):
    """Keeps the channels a reply to _ask_grants lets this process answer itself (read with the C
    scanner: importing json here would itself be a question)."""
    global _said
    if not reply.startswith(b'{"reuse":{'):
        _said = reply  # an error (a full daemon, say): nothing to reuse, and the reason if the question fails
        return
    text = reply.decode("ascii", "replace")
    at = len('{"reuse":{')
    kept = {}
    while text.startswith('"', at):
        channel, at = _json.scanstring(text, at + 1)
        close = text.index("]", at)
        checks = {c.strip().strip('"') for c in text[text.index("[", at) + 1:close].split(",")} - {""}
        at = close + 1 + (text[close + 1] == ",")
        if checks <= _KNOWN_CHECKS:  # a condition this client does not know how to see: never reuse
            kept[channel] = (state[0], state[1] if "ids" in checks else None,
                             state[2] if "groups" in checks else None, state[3] if "cgroup" in checks else None)
    _grants.update(kept)


def _line(sock):
    """The next line from the daemon (blocking)."""
    global _buffer
    while b"\n" not in _buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the daemon closed the connection")
        _buffer += chunk
    end = _buffer.index(b"\n") + 1
    line, _buffer = _buffer[:end], _buffer[end:]
    return line


def _next(sock):
    """The next line from the daemon that answers a question, or None for one taken here: a notice
    (every grant is forgotten, and asked for again with the next question) or the reply to a
    request for grants. Lines are taken in the order the daemon sent them (it sends a notice after
    any reply a reload has made stale)."""
    global _asked, _grants_asked
    line = _line(sock)
    if line.startswith(b'{"event":'):
        _grants.clear()
        _grants_asked = False
    elif _asked is not None:
        state, _asked = _asked, None
        _take_grants(line, state)
    else:
        return line
    return None


def _answer(sock):
    """The answer to the question just sent."""
    # Polling instead of sleeping in recv was measured (bin/bench-python-hook): on two cores the
    # polling process took the core the daemon was woken on, and every answer came later.
    while True:
        line = _next(sock)
        if line is not None:
            return line


def _may_reuse(channel, bits):
    """Whether an answer this process was given holds for a question on this channel now."""
    try:
        while _asked is not None:  # the reply to the request sent at start-up
            if _next(_connection) is not None:
                raise ConnectionError("an answer to no question")
    except OSError:
        _drop()
        return False
    grant = _grants.get(channel)
    if grant is None:
        return False
    if not _buffer and not _news.poll(0):
        return _state(bits, grant[1] is not None, grant[2] is not None, grant[3] is not None) == grant
    _drop()  # a notice, the daemon's goodbye, or a connection gone: ask again
    return False


def _ask(line, fd=None):
    """Sends one request line (with a descriptor) and returns the answer line. Never raises: a
    failure is returned as an error answer, which is a deny."""
    with _lock:
        for attempt in (1, 2):  # one reconnect: the daemon may have restarted
            try:
                if _connection is None:
                    _open()
                sock = _connection
                if not _grants_asked:
                    _ask_grants(sock)
                if fd is None:
                    sock.sendall(line)
                else:
                    sent = sock.sendmsg([line], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS,
                                                  fd.to_bytes(4, sys.byteorder, signed=True))])
                    if sent < len(line):
                        sock.sendall(line[sent:])
                return _answer(sock)
            except OSError as e:
                said = _said
                _drop()
                if attempt == 2:
                    if said is not None and said.startswith(b'{"error":'):
                        return said
                    return ('{"decision":"error","reasons":[{"code":"daemon.unreachable","message":%s}]}'
                            % _quote("no answer from %s: %s" % (SOCKET, e))).encode()
    return b'{"decision":"error"}'


def _prepare():
    """At start-up: connects and asks for grants, without waiting (no daemon: the first question
    finds out, and is refused)."""
    with _lock:
        try:
            _open()
            _ask_grants(_connection)
        except OSError:
            _drop()


def _allowed(answer):
    """An allow, or an audit-mode would-deny (enforced: false); nothing else. The daemon writes
    `decision` and `enforced` first, and it is the daemon (SO_PEERCRED), so the prefix says it."""
    return answer.startswith(b'{"decision":"allow","enforced":') or answer.startswith(
        b'{"decision":"deny","enforced":false,')


def _string_after(text, key, start, end):
    at = text.find(key, start, end)
    return None if at < 0 else _json.scanstring(text, at + len(key))[0]


def _refusal(answer, what):
    """The refusal: each reason's message, with the rule and where it is written, and on a second line
    the `mayexec explain` command the daemon gave for it (read
    with the C scanner: importing json here would itself be a question, and an unreachable daemon
    refuses every question)."""
    text = answer.decode("utf-8", "replace")
    parts = []
    starts = [i for i in range(len(text)) if text.startswith('{"code":', i)] + [len(text)]
    for start, end in zip(starts, starts[1:]):
        message = _string_after(text, '"message":"', start, end) or _string_after(text, '"code":"', start, end)
        rule = _string_after(text, '"rule":"', start, end)
        source = _string_after(text, '"source":"', start, end)
        parts.append(message + (" (rule `%s`%s)" % (rule, ", " + source if source else "") if rule else ""))
    error = _string_after(text, '"error":"', 0, len(text))
    explain = _string_after(text, '"explain":"', starts[-2] if len(starts) > 1 else 0, len(text))
    return Denied("mayexec: refused to run %s: %s%s" % (what, "; ".join(parts) or error or "not an allow",
                                                        "\n  to see why: " + explain if explain else ""))


def _reuse(channel, bits):
    """Whether this process, whose securebits are now bits, may answer a question on this channel itself."""
    with _lock:
        return _connection is not None and _may_reuse(channel, bits)


def check(channel, path=None, what=None, fd=None):
    """Asks the daemon about a channel, an open file (fd) or a path; raises Denied unless it allows
    (or allowed this channel before in a way that still holds)."""
    bits = _securebits()
    if _reuse(channel, bits):
        return
    line = '{"channel":"%s","pid":%d,"process":{"securebits":[%s]}%s%s}\n' % (
        channel, os.getpid(), _securebits_json(bits), "" if path is None else ',"path":' + _quote(os.path.abspath(path)),
        "" if fd is None else ',"fd":true')
    answer = _ask(line.encode("utf-8", "surrogatepass"), fd)
    if not _allowed(answer) and not _settings["fail_open"]:
        raise _refusal(answer, what or path or channel)


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


def _reads_a_zip_directory():
    """zipimport reading an archive's table of contents (as it does for every script, to see whether
    it is a zip): nothing runs from that read, and every module taken from the archive later is
    read, and judged, through open_code again."""
    caller = sys._getframe(2)
    return caller.f_code.co_name == "_read_directory" and caller.f_globals.get("__name__") == "zipimport"


def _open_code(path, _user_data):
    """Opens the file, asks about that descriptor, and returns that same open file. Never raises.
    The hook's own imports (json, to explain a refusal) are judged like any other."""
    try:
        f = io.open(path, "rb")
    except BaseException as e:  # FileNotFoundError for a .pyc not written yet, IsADirectoryError, ...
        return _Refused(e)
    try:
        name = str(path)
        channel = "config" if name.endswith(".pth") else "module"
        # an answer this process may reuse holds whatever the file: no need to see who reads it
        if channel in _grants and _reuse(channel, _securebits()):
            return f
        if not _reads_a_zip_directory():
            check_open_file(f, channel, name)
        return f
    except BaseException as e:
        f.close()
        return _Refused(e if isinstance(e, OSError) else Denied("mayexec: %s" % e))


_open_code_callback = _OpenCodeHook(_open_code)  # kept alive for the life of the process


def _excepthook(kind, value, traceback, _previous=sys.excepthook):
    """A refusal that ends the program is one line on stderr, not a traceback."""
    if isinstance(value, Denied):
        sys.stderr.write("%s\n" % value)
    else:
        _previous(kind, value, traceback)


def install():
    """Installs the hooks; audit hooks cannot be removed, so it is installed once for the process."""
    if not getattr(sys, "_mayexec_hook", False):
        sys.excepthook = _excepthook
        sys.addaudithook(_hook)
        os.register_at_fork(after_in_child=_after_fork)
        _prepare()
        if _SetOpenCodeHook(("PyFile_SetOpenCodeHook", _Process))(_open_code_callback, None) != 0:
            sys.stderr.write("mayexec: another open_code hook is installed; imports are not checked\n")
        sys._mayexec_hook = True


install()
