package dev.mayexec.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision log: one JSON line per entry, written by its own thread from a bounded queue. Logging
 * never blocks a decision (fapolicyd's synchronous logging once deadlocked a whole system): when the
 * queue is full the entry is dropped and counted. Safe under rotation: before each batch the writer
 * checks that the path still names the file it has open, and reopens it if it was moved or removed.
 */
final class DecisionLog implements AutoCloseable {
    private final Path path;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private FileChannel out;
    private Object openKey;

    DecisionLog(Path path, int capacity) throws IOException {
        this.path = path;
        this.queue = new ArrayBlockingQueue<>(capacity);
        reopen();
        this.writer = Thread.ofPlatform().name("mayexec-decision-log").daemon().start(this::run);
    }

    /** Queues a line; never waits. */
    void log(String line) {
        if (!queue.offer(line)) dropped.incrementAndGet();
    }

    long dropped() {
        return dropped.get();
    }

    long written() {
        return written.get();
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 1023);
                write(batch);
            } catch (InterruptedException e) {
                if (!closing) Thread.currentThread().interrupt();
            } catch (IOException e) {
                dropped.addAndGet(batch.size());
                System.err.println("mayexec: cannot write the decision log " + path + ": " + e.getMessage());
            }
            batch.clear();
        }
    }

    private void write(List<String> batch) throws IOException {
        if (rotated()) reopen();
        StringBuilder sb = new StringBuilder();
        for (String line : batch) sb.append(line).append('\n');
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) out.write(buf);
        written.addAndGet(batch.size());
    }

    private boolean rotated() throws IOException {
        try {
            return !Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey().equals(openKey);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private void reopen() throws IOException {
        if (out != null) out.close();
        // never through a symlink: whoever can write the log's directory must not point it at /etc/shadow
        out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            out.close();
            throw new IOException("the decision log `" + path + "` is not a regular file");
        }
        openKey = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
