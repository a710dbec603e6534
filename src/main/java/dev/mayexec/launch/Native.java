package dev.mayexec.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The system calls of a launch, through FFM: opening the program, the securebits, no_new_privs,
 * which descriptors survive, the caller's signal state and RLIMIT_NOFILE put back, and the exec of the
 * descriptor. Each returns 0 or a negative errno; no exceptions between the decision and the exec.
 * Securebits, no_new_privs and the signal mask belong to the calling thread: the thread that sets
 * them must be the one that execs (the kernel then ends every other thread).
 */
final class Native {
    static final int O_RDONLY = 0;
    static final int O_PATH = 010000000;
    static final int O_CLOEXEC = 02000000;
    static final int AT_FDCWD = -100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int ENOENT = 2;
    static final int EPERM = 1;
    private static final int PR_GET_SECUREBITS = 27;
    private static final int PR_SET_SECUREBITS = 28;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int F_SETFD = 2;
    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final int SIG_SETMASK = 2;
    private static final int RLIMIT_NOFILE = 7;
    /** The kernel's {@code struct sigaction} on x86-64 and aarch64: handler, flags, restorer, an 8-byte mask. */
    private static final long SIGACTION_BYTES = 32;
    private static final long SIGSET_BYTES = 8;
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PREAD = handle("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EXECVEAT = handle("execveat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PRCTL = handle("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle CLOSE_RANGE = handle("close_range", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = handle("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    /** The raw system calls, because glibc's wrappers refuse its own signals 32 and 33, which a caller may still ignore. */
    private static final MethodHandle SYSCALL4 = handle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final boolean ARM = System.getProperty("os.arch").equals("aarch64");
    private static final long SYS_RT_SIGACTION = ARM ? 134 : 13;
    private static final long SYS_RT_SIGPROCMASK = ARM ? 135 : 14;
    private static final MethodHandle GETRLIMIT = handle("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SETRLIMIT = handle("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private Native() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        Linker.Option[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = ERRNO;
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, all);
    }

    /** Runs a call whose first argument is the errno capture; returns its result, or minus errno when it failed. */
    private static long call(MethodHandle h, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            System.arraycopy(args, 0, all, 1, args.length);
            Object rc = h.invokeWithArguments(all);
            long r = rc instanceof Integer i ? i : (Long) rc;
            return r < 0 ? -(int) ERRNO_HANDLE.get(state, 0L) : r;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }

    /** Opens {@code path} with {@code flags}; the descriptor, or minus errno. */
    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) call(OPEN, arena.allocateFrom(path), flags, 0);
        }
    }

    static void close(int fd) {
        call(CLOSE, fd);
    }

    /** The first bytes of the open file {@code fd} (read through a descriptor of its own), or none when it cannot be read. */
    static byte[] head(int fd, int n) {
        int rd = open("/proc/self/fd/" + fd, O_RDONLY | O_CLOEXEC);
        if (rd < 0) return new byte[0];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(n);
            long got = call(PREAD, rd, buf, (long) n, 0L);
            return got <= 0 ? new byte[0] : buf.asSlice(0, got).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } finally {
            close(rd);
        }
    }

    static int securebits() {
        return (int) call(PRCTL, PR_GET_SECUREBITS, 0L, 0L, 0L, 0L);
    }

    static int setSecurebits(int bits) {
        return (int) call(PRCTL, PR_SET_SECUREBITS, (long) bits, 0L, 0L, 0L);
    }

    static int setNoNewPrivs() {
        return (int) call(PRCTL, PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
    }

    /** Marks every descriptor from 3 up close-on-exec (close_range(2), one call whatever the count). */
    static int closeOnExecFrom3() {
        return (int) call(CLOSE_RANGE, 3, -1, CLOSE_RANGE_CLOEXEC);
    }

    /** Clears close-on-exec on {@code fd}: it passes to the program. */
    static int keepOpen(int fd) {
        return (int) call(FCNTL, fd, F_SETFD, 0);
    }

    /** The calling thread's signal mask becomes {@code mask} (bit n-1 for signal n). */
    static int setSignalMask(long mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SIGSET_BYTES);
            set.set(JAVA_LONG, 0, mask);
            return (int) call(SYSCALL4, SYS_RT_SIGPROCMASK, (long) SIG_SETMASK, set, MemorySegment.NULL, SIGSET_BYTES);
        }
    }

    /** Signal {@code sig} is ignored ({@code ignore}) or takes its default action, in this process and after exec. */
    static int setIgnored(int sig, boolean ignore) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment act = arena.allocate(SIGACTION_BYTES);
            act.set(JAVA_LONG, 0, ignore ? SIG_IGN : SIG_DFL);
            return (int) call(SYSCALL4, SYS_RT_SIGACTION, (long) sig, act, MemorySegment.NULL, SIGSET_BYTES);
        }
    }

    /** Sets RLIMIT_NOFILE's soft limit, keeping the hard one. */
    static int setNofileSoft(long soft) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lim = arena.allocate(16);
            long rc = call(GETRLIMIT, RLIMIT_NOFILE, lim);
            if (rc < 0) return (int) rc;
            lim.set(JAVA_LONG, 0, soft);
            return (int) call(SETRLIMIT, RLIMIT_NOFILE, lim);
        }
    }

    /**
     * {@code execveat(fd, "", argv, envp, AT_EMPTY_PATH)}: runs the very file {@code fd} is. Returns
     * only when it failed, with minus errno. Strings are passed as bytes, as the caller gave them.
     */
    static int execveat(int fd, List<byte[]> argv, List<byte[]> envp) {
        Arena arena = Arena.ofConfined(); // freed by the exec, or below when it fails
        try {
            return (int) call(EXECVEAT, fd, arena.allocateFrom(""), vector(arena, argv), vector(arena, envp), AT_EMPTY_PATH);
        } finally {
            arena.close();
        }
    }

    private static MemorySegment vector(Arena arena, List<byte[]> strings) {
        MemorySegment v = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            byte[] s = strings.get(i);
            MemorySegment c = arena.allocate(s.length + 1L);
            MemorySegment.copy(s, 0, c, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, s.length);
            v.setAtIndex(ADDRESS, i, c);
        }
        v.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return v;
    }

    /** The name of an errno for messages. */
    static String errno(int e) {
        return switch (e) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 8 -> "ENOEXEC";
            case 13 -> "EACCES";
            case 22 -> "EINVAL";
            case 26 -> "ETXTBSY";
            default -> "errno " + e;
        };
    }
}
