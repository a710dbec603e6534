package dev.mayexec.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The real kernel, through Java's FFM API (no JNI): {@code execveat(…, AT_EXECVE_CHECK)},
 * {@code prctl(PR_GET_SECUREBITS)} and {@code getxattr}. Checks run with the credentials of this
 * JVM's calling thread, as the kernel defines them.
 */
public final class Kernel {
    /** The verdict of a kernel older than 6.14, which rejects the flag with EINVAL. */
    public static final String UNSUPPORTED = "unsupported";

    static final int O_PATH = 010000000;
    static final int O_CLOEXEC = 02000000;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int AT_EXECVE_CHECK = 0x10000;
    static final int PR_GET_SECUREBITS = 27;
    private static final int EINVAL = 22;
    private static final int ENODATA = 61;
    private static final Map<Integer, String> ERRNO = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"),
            Map.entry(26, "ETXTBSY"), Map.entry(36, "ENAMETOOLONG"), Map.entry(40, "ELOOP"), Map.entry(61, "ENODATA"),
            Map.entry(95, "EOPNOTSUPP"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO_STATE = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle OPEN = handle("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), ERRNO_STATE);
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EXECVEAT = handle("execveat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), ERRNO_STATE);
    private static final MethodHandle PRCTL = handle("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), ERRNO_STATE);
    private static final MethodHandle GETXATTR = handle("getxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), ERRNO_STATE);
    private static final MethodHandle STATX = handle("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO_STATE);
    private static final MethodHandle PREAD = handle("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), ERRNO_STATE);
    private static final MethodHandle READLINK = handle("readlink",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), ERRNO_STATE);
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            ERRNO_STATE);
    private static final MethodHandle INOTIFY_INIT1 = handle("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT),
            ERRNO_STATE);
    private static final MethodHandle INOTIFY_ADD_WATCH = handle("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO_STATE);
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
            ERRNO_STATE);
    // openat2 has no glibc wrapper: syscall(SYS_openat2, dirfd, path, &how, sizeof how)
    private static final MethodHandle SYSCALL = handle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), ERRNO_STATE);
    private static final long SYS_OPENAT2 = 437; // the same number on x86_64 and aarch64

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int O_DIRECTORY = 0200000;
    static final int RESOLVE_NO_MAGICLINKS = 0x02;
    static final int RESOLVE_BENEATH = 0x08;
    static final int RESOLVE_IN_ROOT = 0x10;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_MNT_ID = 0x1000;

    private Kernel() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /**
     * Asks the kernel whether it would execute {@code path}: opens it {@code O_PATH|O_CLOEXEC}, then
     * {@code execveat(fd, "", argv, envp, AT_EMPTY_PATH|AT_EXECVE_CHECK)}, so the check is on the file
     * opened, not on a path that could change in between. Returns {@code allow}, an errno name
     * ({@code EACCES}, {@code ETXTBSY}, …), or {@link #UNSUPPORTED} on a kernel before 6.14.
     */
    public static String checkExec(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_PATH | O_CLOEXEC, 0);
            if (fd < 0) return errno(state);
            try {
                return checkFd(arena, state, fd, path.toString());
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("execveat through FFM failed", t);
        }
    }

    /** {@link #checkExec(Path)} on a descriptor this process holds (any open mode, {@code O_PATH} included). */
    static String checkExec(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return checkFd(arena, arena.allocate(Linker.Option.captureStateLayout()), fd, "/proc/self/fd/" + fd);
        } catch (Throwable t) {
            throw new IllegalStateException("execveat through FFM failed", t);
        }
    }

    /**
     * Per-thread native memory for the calls on the decision path, so that a question allocates no
     * arena: errno, a name, a statx buffer, a read buffer. Freed with the thread ({@code ofAuto}).
     */
    private static final class Scratch {
        final MemorySegment state;
        final MemorySegment name = Arena.ofAuto().allocate(4097);
        final MemorySegment statx = Arena.ofAuto().allocate(256, 8);
        final MemorySegment how = Arena.ofAuto().allocate(24, 8);
        final MemorySegment poll = Arena.ofAuto().allocate(8, 4);
        MemorySegment buffer = Arena.ofAuto().allocate(8192);

        Scratch() {
            state = Arena.ofAuto().allocate(Linker.Option.captureStateLayout());
        }

        /** {@code text} as a C string in {@link #name}; names longer than PATH_MAX are the caller's to refuse. */
        MemorySegment name(String text) {
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length > 4096) throw new IllegalArgumentException("name longer than PATH_MAX");
            MemorySegment.copy(b, 0, name, JAVA_BYTE, 0, b.length);
            name.set(JAVA_BYTE, b.length, (byte) 0);
            return name;
        }

        int errno() {
            return (int) ERRNO_HANDLE.get(state, 0L);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code openat2(dirfd, path, {flags, 0, resolve})}: returns the new descriptor, or {@code -errno}.
     * The {@code resolve} flags are what make a name resolve in someone else's view.
     */
    static int openat2(int dirfd, String path, long flags, long resolve) {
        Scratch s = SCRATCH.get();
        s.how.set(JAVA_LONG, 0, flags);
        s.how.set(JAVA_LONG, 8, 0L);
        s.how.set(JAVA_LONG, 16, resolve);
        try {
            long fd = (long) SYSCALL.invokeExact(s.state, SYS_OPENAT2, (long) dirfd, s.name(path), s.how, 24L);
            return fd >= 0 ? (int) fd : -s.errno();
        } catch (Throwable t) {
            throw new IllegalStateException("openat2 through FFM failed", t);
        }
    }

    /** {@code open(path, flags|O_CLOEXEC)}: the new descriptor, or {@code -errno}. */
    static int open(String path, int flags) {
        Scratch s = SCRATCH.get();
        try {
            int fd = (int) OPEN.invokeExact(s.state, s.name(path), flags | O_CLOEXEC, 0);
            return fd >= 0 ? fd : -s.errno();
        } catch (Throwable t) {
            throw new IllegalStateException("open through FFM failed", t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close through FFM failed", t);
        }
    }

    /**
     * Reads the whole of a small file from offset 0 through a descriptor kept open ({@code /proc}
     * files are generated afresh at each read from 0); returns the bytes, or null on an error
     * (a process that is gone: {@code ESRCH}).
     */
    static byte[] preadAll(int fd) {
        Scratch s = SCRATCH.get();
        try {
            while (true) {
                long n = (long) PREAD.invokeExact(s.state, fd, s.buffer, s.buffer.byteSize(), 0L);
                if (n < 0) return null;
                if (n < s.buffer.byteSize()) return s.buffer.asSlice(0, n).toArray(JAVA_BYTE);
                s.buffer = Arena.ofAuto().allocate(s.buffer.byteSize() * 2); // a longer file than any before: grow
            }
        } catch (Throwable t) {
            throw new IllegalStateException("pread through FFM failed", t);
        }
    }

    /** The target of a symlink (or what a /proc magic link shows), or null when it cannot be read. */
    static String readlink(String path) {
        Scratch s = SCRATCH.get();
        try {
            long n = (long) READLINK.invokeExact(s.state, s.name(path), s.buffer, s.buffer.byteSize());
            if (n < 0) return null;
            return new String(s.buffer.asSlice(0, n).toArray(JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw new IllegalStateException("readlink through FFM failed", t);
        }
    }

    /**
     * An inotify descriptor watching {@code dir} for {@code mask} ({@code inotify_init1(IN_CLOEXEC)},
     * {@code inotify_add_watch}), or {@code -errno}.
     */
    static int watch(String dir, int mask) {
        Scratch s = SCRATCH.get();
        try {
            int fd = (int) INOTIFY_INIT1.invokeExact(s.state, O_CLOEXEC);
            if (fd < 0) return -s.errno();
            if ((int) INOTIFY_ADD_WATCH.invokeExact(s.state, fd, s.name(dir), mask) < 0) {
                int errno = s.errno();
                close(fd);
                return -errno;
            }
            return fd;
        } catch (Throwable t) {
            throw new IllegalStateException("inotify through FFM failed", t);
        }
    }

    /** Waits up to {@code millis} for {@code fd} to be readable, then reads what it has; empty when nothing came. */
    static byte[] readWhenReady(int fd, int millis) {
        Scratch s = SCRATCH.get();
        if (revents(s, fd, 0x001, millis) == 0) return new byte[0]; // POLLIN
        try {
            long n = (long) READ.invokeExact(s.state, fd, s.buffer, s.buffer.byteSize());
            return n <= 0 ? new byte[0] : s.buffer.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException("read through FFM failed", t);
        }
    }

    /** Whether {@code fd} reports an exceptional condition now ({@code POLLPRI}, or an error): a changed mount table. */
    static boolean changed(int fd) {
        return (revents(SCRATCH.get(), fd, 0x002, 0) & (0x002 | 0x008 | 0x020)) != 0; // POLLPRI, POLLERR, POLLNVAL
    }

    /** {@code poll} of one descriptor for {@code events}, waiting up to {@code millis}: its revents, 0 when none. */
    private static int revents(Scratch s, int fd, int events, int millis) {
        s.poll.set(JAVA_INT, 0, fd);
        s.poll.set(JAVA_INT, 4, events); // events, and revents = 0
        try {
            int n = (int) POLL.invokeExact(s.state, s.poll, 1L, millis);
            return n <= 0 ? 0 : s.poll.get(JAVA_SHORT, 6);
        } catch (Throwable t) {
            throw new IllegalStateException("poll through FFM failed", t);
        }
    }

    /** What {@code statx} says of a file: its type and mode, owner, identity and mount. */
    record Stat(int rawMode, int uid, int gid, long dev, long ino, long size, long mtime, long ctime, long mountId) {
        /** The same file, unchanged: the identity a cached fact is keyed by. */
        boolean sameVersion(Stat o) {
            return dev == o.dev && ino == o.ino && size == o.size && mtime == o.mtime && ctime == o.ctime;
        }

        boolean sameFile(Stat o) {
            return dev == o.dev && ino == o.ino;
        }
    }

    /** {@code statx} of the descriptor itself ({@code AT_EMPTY_PATH}); throws with the errno name. */
    static Stat fstat(int fd) throws IOException {
        return statx(fd, "", AT_EMPTY_PATH);
    }

    /** {@code statx(dirfd, path, flags)}; throws with the errno name. */
    static Stat statx(int dirfd, String path, int flags) throws IOException {
        Scratch s = SCRATCH.get();
        MemorySegment b = s.statx;
        try {
            int rc = (int) STATX.invokeExact(s.state, dirfd, s.name(path), flags, STATX_BASIC_STATS | STATX_MNT_ID, b);
            if (rc < 0) throw new IOException("statx: " + name(s.errno()));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("statx through FFM failed", t);
        }
        long major = Integer.toUnsignedLong(b.get(JAVA_INT, 136));
        long minor = Integer.toUnsignedLong(b.get(JAVA_INT, 140));
        // glibc's makedev(): st_dev as stat(2) and Java's unix:dev report it
        long dev = ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32) | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
        return new Stat(Short.toUnsignedInt(b.get(JAVA_SHORT, 28)), b.get(JAVA_INT, 20), b.get(JAVA_INT, 24), dev,
                b.get(JAVA_LONG, 32), b.get(JAVA_LONG, 40), nanos(b, 112), nanos(b, 96), b.get(JAVA_LONG, 144));
    }

    private static long nanos(MemorySegment statx, long offset) {
        return statx.get(JAVA_LONG, offset) * 1_000_000_000L + Integer.toUnsignedLong(statx.get(JAVA_INT, offset + 8));
    }

    private static String checkFd(Arena arena, MemorySegment state, int fd, String argv0) throws Throwable {
        MemorySegment argv = arena.allocate(ADDRESS, 2);
        argv.setAtIndex(ADDRESS, 0, arena.allocateFrom(argv0));
        argv.setAtIndex(ADDRESS, 1, MemorySegment.NULL);
        MemorySegment envp = arena.allocate(ADDRESS, 1);
        envp.setAtIndex(ADDRESS, 0, MemorySegment.NULL);
        int rc = (int) EXECVEAT.invokeExact(state, fd, arena.allocateFrom(""), argv, envp, AT_EMPTY_PATH | AT_EXECVE_CHECK);
        if (rc == 0) return "allow";
        int e = (int) ERRNO_HANDLE.get(state, 0L);
        return e == EINVAL ? UNSUPPORTED : name(e);
    }

    /** Returns this thread's securebits, {@code prctl(PR_GET_SECUREBITS)}. */
    public static int securebits() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int bits = (int) PRCTL.invokeExact(state, PR_GET_SECUREBITS, 0L, 0L, 0L, 0L);
            if (bits < 0) throw new IllegalStateException("prctl(PR_GET_SECUREBITS) failed: " + errno(state));
            return bits;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("prctl through FFM failed", t);
        }
    }

    /** Returns an extended attribute's value in hex ({@code security.ima}, say), if the file has it. */
    public static Optional<String> xattr(Path path, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment buf = arena.allocate(4096);
            long n = (long) GETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name), buf, 4096L);
            if (n < 0) {
                int e = (int) ERRNO_HANDLE.get(state, 0L);
                if (e == ENODATA || e == 95) return Optional.empty();
                return Optional.empty(); // unreadable attributes are unknown, not an error of the decision
            }
            return Optional.of(HexFormat.of().formatHex(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        } catch (Throwable t) {
            throw new IllegalStateException("getxattr through FFM failed", t);
        }
    }

    private static String errno(MemorySegment state) {
        return name((int) ERRNO_HANDLE.get(state, 0L));
    }

    /** The name of an errno value ({@code EACCES}), or {@code E<n>} for one this class does not name. */
    public static String errnoName(int errno) {
        return name(errno);
    }

    static String name(int errno) {
        return ERRNO.getOrDefault(errno, "E" + errno);
    }
}
