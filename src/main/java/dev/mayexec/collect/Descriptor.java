package dev.mayexec.collect;

/**
 * An open file this process holds: the object a question is about. Every fact of one question is
 * taken from it, so that a name that changes between two looks cannot mix two files' facts. The
 * daemon adopts the descriptors a client sends ({@code SCM_RIGHTS}); the collectors open their own.
 * Closing it closes the descriptor, once.
 */
public final class Descriptor implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private Descriptor(int fd) {
        this.fd = fd;
    }

    /** Takes ownership of {@code fd}: closing the result closes it. */
    public static Descriptor adopt(int fd) {
        if (fd < 0) throw new IllegalArgumentException("not a descriptor: " + fd);
        return new Descriptor(fd);
    }

    /** The descriptor's number (a launcher executes it: {@code execveat(fd, "", …)}). */
    public int fd() {
        if (closed) throw new IllegalStateException("descriptor " + fd + " is closed");
        return fd;
    }

    /** The name through which this process can reopen the very same file. */
    String procPath() {
        return "/proc/self/fd/" + fd();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Kernel.close(fd);
        }
    }
}
