package dev.mayexec.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A Unix domain stream socket through FFM. Java's own channels do not give the peer's pid, and the
 * daemon must take the caller's identity from the kernel ({@code SO_PEERCRED}), never from what it
 * says; so the socket layer is a few libc calls.
 */
final class UnixSocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_SNDTIMEO = 21;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int SCM_RIGHTS = 1;
    /** Room for this many descriptors in one message; the kernel closes any beyond it (and says MSG_CTRUNC). */
    static final int MAX_FDS_PER_MESSAGE = 4;
    private static final int SHUT_RDWR = 2;
    static final int EAGAIN = 11;
    static final int EINTR = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE =
            Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = handle("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ACCEPT4 =
            handle("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = handle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = handle("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = handle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SHUTDOWN = handle("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** The peer's credentials as the kernel recorded them when it connected. */
    record Peer(int pid, int uid, int gid) {}

    private UnixSocket() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, ERRNO);
    }

    /** A {@code sockaddr_un} for {@code path} (at most 107 bytes). */
    static MemorySegment address(Arena arena, String path) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > 107) throw new IOException("socket path `" + path + "` is longer than 107 bytes");
        MemorySegment addr = arena.allocate(110);
        addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
        return addr;
    }

    /** Creates a listening socket bound to {@code path} (at most 107 bytes). */
    static int listen(String path, int backlog) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = address(arena, path);
            MemorySegment st = state(arena);
            int fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            check(fd, st, "socket");
            int rc = (int) BIND.invokeExact(st, fd, addr, 110);
            if (rc < 0) {
                close(fd);
                throw new IOException("cannot bind `" + path + "`: " + dev.mayexec.collect.Kernel.errnoName(errno(st)));
            }
            check((int) LISTEN.invokeExact(st, fd, backlog), st, "listen");
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Accepts a connection; returns -1 when the listening socket was shut down. */
    static int accept(int listener) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state(arena);
            while (true) {
                int fd = (int) ACCEPT4.invokeExact(st, listener, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (fd >= 0) return fd;
                int e = errno(st);
                if (e == EINTR || e == 103 /* ECONNABORTED */) continue;
                return -1;
            }
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    static Peer peer(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state(arena);
            MemorySegment cred = arena.allocate(12);
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 12);
            check((int) GETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_PEERCRED, cred, len), st, "SO_PEERCRED");
            return new Peer(cred.get(JAVA_INT, 0), cred.get(JAVA_INT, 4), cred.get(JAVA_INT, 8));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /**
     * An unbound datagram socket that never blocks: a log receiver (journald, syslog) that stalls makes
     * a send fail with {@code EAGAIN}, never wait.
     */
    static int datagram() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state(arena);
            int fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            check(fd, st, "socket");
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /** Sends one datagram of {@code data} to {@code addr} without waiting; returns 0 or the errno. */
    static int sendTo(int fd, MemorySegment data, MemorySegment addr, MemorySegment st) {
        try {
            long n = (long) SENDTO.invokeExact(st, fd, data, data.byteSize(), MSG_NOSIGNAL, addr, (int) addr.byteSize());
            return n < 0 ? errno(st) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Bounds how long one receive may wait (the rest of a request's time, or the idle timeout). */
    static void receiveTimeout(int fd, long millis, MemorySegment st) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tv = arena.allocate(16);
            tv.set(JAVA_LONG, 0, millis / 1000);
            tv.set(JAVA_LONG, 8, (millis % 1000) * 1000);
            int ignored = (int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Bounds how long a receive or a send may wait, so that a silent or stuck client cannot hold a thread. */
    static void timeouts(int fd, long millis) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = state(arena);
            MemorySegment tv = arena.allocate(16);
            tv.set(JAVA_LONG, 0, millis / 1000);
            tv.set(JAVA_LONG, 8, (millis % 1000) * 1000);
            check((int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16), st, "SO_RCVTIMEO");
            check((int) SETSOCKOPT.invokeExact(st, fd, SOL_SOCKET, SO_SNDTIMEO, tv, 16), st, "SO_SNDTIMEO");
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    /**
     * A receive buffer with room for the descriptors a client may send ({@code SCM_RIGHTS}): the
     * data, a {@code msghdr}, an {@code iovec} and the control area, allocated once per connection.
     */
    record Inbox(MemorySegment data, MemorySegment msghdr, MemorySegment iov, MemorySegment control) {
        static Inbox allocate(Arena arena, int size) {
            return new Inbox(arena.allocate(size), arena.allocate(56, 8), arena.allocate(16, 8),
                    arena.allocate(CONTROL_BYTES, 8));
        }
    }

    private static final int CMSG_HEADER = 16;
    private static final int CONTROL_BYTES = CMSG_HEADER + 8 * ((4 * MAX_FDS_PER_MESSAGE + 7) / 8) + 64;

    /**
     * Receives into {@code in.data()}; the descriptors that came with the bytes are added to
     * {@code fds} (close-on-exec). Returns the count, 0 at end of stream, or -errno; a message whose
     * descriptors did not fit is reported as {@code -EMSGSIZE}, after adding those that did.
     */
    static int recv(int fd, Inbox in, java.util.List<Integer> fds, MemorySegment st) {
        in.iov().set(ADDRESS, 0, in.data());
        in.iov().set(JAVA_LONG, 8, in.data().byteSize());
        MemorySegment m = in.msghdr();
        m.fill((byte) 0);
        m.set(ADDRESS, 16, in.iov());
        m.set(JAVA_LONG, 24, 1L);
        m.set(ADDRESS, 32, in.control());
        m.set(JAVA_LONG, 40, in.control().byteSize());
        long n;
        try {
            n = (long) RECVMSG.invokeExact(st, fd, m, MSG_CMSG_CLOEXEC);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (n < 0) return -errno(st);
        long controlLength = m.get(JAVA_LONG, 40);
        for (long off = 0; off + CMSG_HEADER <= controlLength; ) {
            long len = in.control().get(JAVA_LONG, off);
            if (len < CMSG_HEADER || off + len > controlLength) break;
            int level = in.control().get(JAVA_INT, off + 8);
            int type = in.control().get(JAVA_INT, off + 12);
            if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                for (long p = off + CMSG_HEADER; p + 4 <= off + len; p += 4) fds.add(in.control().get(JAVA_INT, p));
            }
            off += (len + 7) & ~7L;
        }
        if ((m.get(JAVA_INT, 48) & MSG_CTRUNC) != 0) return -EMSGSIZE;
        return (int) n;
    }

    static final int EMSGSIZE = 90;

    /**
     * Sends all of {@code data} through {@code scratch} (reused, so that a long connection does not
     * grow its arena), or a buffer of its own when the data is larger; returns false when the peer is
     * gone or stuck past the timeout.
     */
    static boolean sendAll(int fd, byte[] data, MemorySegment scratch, MemorySegment st) {
        if (data.length > scratch.byteSize()) {
            try (Arena big = Arena.ofConfined()) {
                return sendAll(fd, data, big.allocate(data.length), st);
            }
        }
        MemorySegment seg = scratch;
        MemorySegment.copy(data, 0, seg, JAVA_BYTE, 0, data.length);
        long off = 0;
        try {
            while (off < data.length) {
                long n = (long) SEND.invokeExact(st, fd, seg.asSlice(off), (long) data.length - off, MSG_NOSIGNAL);
                if (n < 0) {
                    if (errno(st) == EINTR) continue;
                    return false;
                }
                off += n;
            }
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static final int MSG_DONTWAIT = 0x40;

    /** Sends {@code data} whole at once, without waiting; false when it cannot (a full buffer, a peer gone). */
    static boolean sendNow(int fd, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocateFrom(JAVA_BYTE, data);
            MemorySegment st = state(arena);
            long n;
            do {
                n = (long) SEND.invokeExact(st, fd, seg, (long) data.length, MSG_NOSIGNAL | MSG_DONTWAIT);
            } while (n < 0 && errno(st) == EINTR);
            return n == data.length;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void shutdown(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(state(arena), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(state(arena), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static MemorySegment state(Arena arena) {
        return arena.allocate(Linker.Option.captureStateLayout());
    }

    static int errno(MemorySegment st) {
        return (int) ERRNO_HANDLE.get(st, 0L);
    }

    private static void check(int rc, MemorySegment st, String what) throws IOException {
        if (rc < 0) throw new IOException(what + " failed: " + dev.mayexec.collect.Kernel.errnoName(errno(st)));
    }
}
