package dev.mayexec.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Says when user names may have changed: {@code passwd} written in place or replaced (useradd,
 * usermod and vipw write a new file and rename it over the old), seen with inotify on its directory.
 * The daemon tells the clients that reuse answers depending on a user name (docs/DAEMON.md).
 */
final class AccountsWatch implements AutoCloseable {
    private static final int IN_MODIFY = 0x002;
    private static final int IN_CLOSE_WRITE = 0x008;
    private static final int IN_MOVED_FROM = 0x040;
    private static final int IN_MOVED_TO = 0x080;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    /** Events were lost: passwd may be among them. */
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final byte[] PASSWD = "passwd".getBytes(StandardCharsets.US_ASCII);

    private final int fd;
    private final Thread thread;
    private volatile boolean closed;

    private AccountsWatch(int fd, Runnable changed) {
        this.fd = fd;
        this.thread = Thread.ofPlatform().name("mayexec-accounts").daemon().start(() -> {
            while (!closed) {
                byte[] events = Kernel.readWhenReady(fd, 500); // a bounded wait: close() is seen within it
                if (events.length > 0 && aboutPasswd(events)) changed.run();
            }
        });
    }

    /** Starts watching {@code etc}; {@code changed} runs on the watch's own thread. */
    static AccountsWatch start(Path etc, Runnable changed) throws IOException {
        int fd = Kernel.watch(etc.toString(), IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE);
        if (fd < 0) throw new IOException("cannot watch " + etc + " for changes of passwd: " + Kernel.errnoName(-fd));
        return new AccountsWatch(fd, changed);
    }

    /** Whether any event (struct inotify_event: wd, mask, cookie, len, name) is about passwd, or some were lost. */
    static boolean aboutPasswd(byte[] events) {
        ByteBuffer b = ByteBuffer.wrap(events).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 16) {
            b.getInt(); // wd
            int mask = b.getInt();
            b.getInt(); // cookie
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) return true; // not what the kernel writes: say changed
            if ((mask & IN_Q_OVERFLOW) != 0) return true;
            byte[] name = new byte[len];
            b.get(name);
            int end = 0;
            while (end < len && name[end] != 0) end++;
            if (java.util.Arrays.equals(name, 0, end, PASSWD, 0, PASSWD.length)) return true;
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Kernel.close(fd);
    }
}
