package dev.mayexec.collect;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;

/**
 * Opens a name as its subject would: an absolute name from the process's own root
 * ({@code /proc/PID/root}, with {@code RESOLVE_IN_ROOT}, so that {@code ..} and absolute symlinks stay
 * in its view and its mount namespace), a relative one from its working directory
 * ({@code /proc/PID/cwd}, beneath it only). {@code /proc} magic links ({@code /proc/self/cwd},
 * {@code /dev/fd/N}, {@code /proc/self/exe}) are refused: resolved here they would name this
 * process's files, not the subject's. The result is opened {@code O_PATH} once; every fact is then
 * read from it.
 */
final class Opener {
    private static final int ELOOP = 40;
    private static final int EXDEV = 18;

    private Opener() {}

    private static final long SELF = ProcessHandle.current().pid();
    private static final Kernel.Stat ROOT = ownRoot();

    private static Kernel.Stat ownRoot() {
        try {
            return Kernel.statx(Kernel.AT_FDCWD, "/", 0);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Whether an absolute name resolves for process {@code pid} as it does for us: its root is our
     * root, the same directory on the same mount object (mount ids are unique, so also the same
     * mount namespace). One {@code statx} instead of opening its root.
     */
    private static boolean sharesOurRoot(int pid) {
        if (pid == SELF) return true;
        try {
            Kernel.Stat theirs = Kernel.statx(Kernel.AT_FDCWD, "/proc/" + pid + "/root", 0);
            return ROOT != null && theirs.sameFile(ROOT) && theirs.mountId() == ROOT.mountId();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Opens {@code name} in the view of process {@code pid}, or in this process's own view when it is null. */
    static Descriptor open(Integer pid, String name) throws LiveFactsException {
        check(name);
        boolean absolute = name.startsWith("/");
        if (pid != null && absolute && sharesOurRoot(pid)) pid = null;
        int base = Kernel.AT_FDCWD;
        if (pid != null) {
            String dir = "/proc/" + pid + (absolute ? "/root" : "/cwd");
            base = Kernel.open(dir, Kernel.O_PATH | Kernel.O_DIRECTORY);
            if (base < 0) throw new LiveFactsException("cannot enter the view of process " + pid + ": " + Kernel.name(-base));
        }
        try {
            long resolve = Kernel.RESOLVE_NO_MAGICLINKS
                    | (pid == null ? 0 : absolute ? Kernel.RESOLVE_IN_ROOT : Kernel.RESOLVE_BENEATH);
            int fd = Kernel.openat2(base, name, Kernel.O_PATH | Kernel.O_CLOEXEC, resolve);
            if (fd >= 0) return Descriptor.adopt(fd);
            throw new LiveFactsException(switch (-fd) {
                case ELOOP -> "`" + name + "` goes through a /proc magic link or too many symlinks; send the open file instead";
                case EXDEV -> "`" + name + "` leaves the process's working directory; send an absolute path or the open file";
                case 2 -> "no file " + name;
                case 13 -> "may not read " + name;
                default -> "cannot open " + name + ": " + Kernel.name(-fd);
            });
        } finally {
            if (base != Kernel.AT_FDCWD) Kernel.close(base);
        }
    }

    /** Opens what descriptor {@code n} of process {@code pid} is (its fd 0, for {@code stdin}). */
    static Descriptor openFd(int pid, int n) throws LiveFactsException {
        int fd = Kernel.open("/proc/" + pid + "/fd/" + n, Kernel.O_PATH);
        if (fd < 0) throw new LiveFactsException("cannot open descriptor " + n + " of process " + pid + ": " + Kernel.name(-fd));
        return Descriptor.adopt(fd);
    }

    /** A name the kernel would read differently from this string is refused, never truncated or replaced. */
    private static void check(String name) throws LiveFactsException {
        if (name.isEmpty()) throw new LiveFactsException("the path is empty");
        if (name.indexOf('\0') >= 0) throw new LiveFactsException("the path contains a NUL character");
        if (name.length() > 4096) throw new LiveFactsException("the path is longer than PATH_MAX (4096)");
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(name));
        } catch (CharacterCodingException e) {
            throw new LiveFactsException("the path is not valid Unicode (a lone surrogate)");
        }
    }
}
