package dev.mayexec.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * One question to the daemon with the program's descriptor ({@code SCM_RIGHTS}), so that the daemon
 * judges the kernel object, not a name: connect, check that root answers ({@code SO_PEERCRED}: a
 * socket another user bound cannot answer for the policy), send the line with the descriptor, read
 * one line back. Through FFM, as the daemon's own socket code.
 */
final class DaemonAsk {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM_CLOEXEC = 1 | 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** An answer longer than this is no daemon's. */
    private static final int MAX_ANSWER = 1 << 20;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CONNECT = handle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = handle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = handle("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private DaemonAsk() {}

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd);
    }

    /** Sends {@code line} (one JSON request, without its newline) with {@code fd}; returns the answer line. */
    static String ask(String socket, String line, int fd) throws LaunchException {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (path.length >= 108) throw new LaunchException("the socket path `" + socket + "` is too long", null);
        try (Arena arena = Arena.ofConfined()) {
            int s = (int) SOCKET.invokeExact(AF_UNIX, SOCK_STREAM_CLOEXEC, 0);
            if (s < 0) throw new LaunchException("cannot make a socket", null);
            try {
                MemorySegment addr = arena.allocate(110);
                addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
                MemorySegment.copy(path, 0, addr, JAVA_BYTE, 2, path.length);
                if ((int) CONNECT.invokeExact(s, addr, 2 + path.length + 1) != 0) {
                    throw new LaunchException("no answer from the daemon on " + socket,
                            "start it (`mayexec serve`, or `systemctl start mayexec.socket`), or use --policy");
                }
                MemorySegment cred = arena.allocate(12);
                MemorySegment len = arena.allocate(JAVA_INT);
                len.set(JAVA_INT, 0, 12);
                if ((int) GETSOCKOPT.invokeExact(s, SOL_SOCKET, SO_PEERCRED, cred, len) != 0 || cred.get(JAVA_INT, 4) != 0) {
                    throw new LaunchException(socket + " is not served by root, so not by the mayexec daemon", null);
                }
                send(arena, s, (line + "\n").getBytes(StandardCharsets.UTF_8), fd);
                return readLine(arena, s);
            } finally {
                Native.close(s);
            }
        } catch (LaunchException e) {
            throw e;
        } catch (Throwable t) {
            throw new LaunchException("asking the daemon failed: " + t, null);
        }
    }

    /** One {@code sendmsg} with the descriptor, then the rest of the bytes if the first call took only part. */
    private static void send(Arena arena, int s, byte[] data, int fd) throws Throwable {
        MemorySegment buf = arena.allocateFrom(JAVA_BYTE, data);
        MemorySegment iov = arena.allocate(16);
        MemorySegment control = arena.allocate(24); // CMSG_SPACE(sizeof(int)): a 16-byte header, the int, padding
        control.set(JAVA_LONG, 0, 20L); // cmsg_len = CMSG_LEN(sizeof(int))
        control.set(JAVA_INT, 8, SOL_SOCKET);
        control.set(JAVA_INT, 12, SCM_RIGHTS);
        control.set(JAVA_INT, 16, fd);
        MemorySegment msg = arena.allocate(56); // struct msghdr on 64-bit Linux
        msg.set(ADDRESS, 16, iov);
        msg.set(JAVA_LONG, 24, 1L);
        msg.set(ADDRESS, 32, control);
        msg.set(JAVA_LONG, 40, 24L);
        long off = 0;
        boolean first = true;
        while (off < data.length) {
            iov.set(ADDRESS, 0, buf.asSlice(off));
            iov.set(JAVA_LONG, 8, data.length - off);
            if (!first) {
                msg.set(ADDRESS, 32, MemorySegment.NULL);
                msg.set(JAVA_LONG, 40, 0L);
            }
            long n = (long) SENDMSG.invokeExact(s, msg, MSG_NOSIGNAL);
            if (n <= 0) throw new LaunchException("the daemon closed the connection", null);
            off += n;
            first = false;
        }
    }

    private static String readLine(Arena arena, int s) throws Throwable {
        MemorySegment buf = arena.allocate(65536);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_ANSWER) {
            long n = (long) READ.invokeExact(s, buf, 65536L);
            if (n <= 0) break;
            byte[] chunk = buf.asSlice(0, n).toArray(JAVA_BYTE);
            out.write(chunk);
            if (chunk[(int) n - 1] == '\n') break;
        }
        String answer = out.toString(StandardCharsets.UTF_8);
        int nl = answer.indexOf('\n');
        if (nl < 0) throw new LaunchException("the daemon gave no whole answer", null);
        return answer.substring(0, nl);
    }
}
