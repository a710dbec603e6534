package dev.mayexec.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The decision log: entries written by a thread of their own from a bounded queue, to a file,
 * journald or syslog. Logging never makes a decision wait (fapolicyd's synchronous logging once
 * deadlocked a whole system): an entry beyond its user's rate is dropped and counted, so is one that
 * finds the queue full, and one the target refused (a full disk, a stalled journald). Write errors
 * are reported at most once a minute, with a count, so a full disk cannot flood stderr in turn.
 */
final class DecisionLog implements AutoCloseable {
    /** One entry: who caused it, what it decided, and its JSON line (without the newline). */
    record Entry(int uid, boolean deny, String id, String policy, String json) {}

    /** Where entries go; the writer thread is its only caller. */
    interface Sink extends AutoCloseable {
        /**
         * Writes whole entries: all of {@code batch}, or throws, a {@link PartialWrite} when the first
         * of them went out, any other exception when none did.
         */
        void write(List<Entry> batch) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** A batch of which the first {@code sent} entries went out. */
    static final class PartialWrite extends IOException {
        final int sent;

        PartialWrite(int sent, String message) {
            super(message);
            this.sent = sent;
        }
    }

    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Users with a rate bucket; more (which needs more uids than a host has) start afresh. */
    private static final int MAX_BUCKETS = 65_536;

    private final Sink sink;
    private final String name;
    private final LogLimits limits;
    private final Consumer<String> report;
    private final BlockingQueue<Entry> queue;
    private final Map<Integer, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private long lastReport = System.nanoTime() - REPORT_EVERY_NANOS;
    private long unreported;

    DecisionLog(Sink sink, String name, LogLimits limits, int capacity, Consumer<String> report) {
        this.sink = sink;
        this.name = name;
        this.limits = limits;
        this.report = report;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("mayexec-decision-log").daemon().start(this::run);
    }

    /** Opens the target. */
    static DecisionLog open(LogTarget target, LogLimits limits, Consumer<String> report) throws IOException {
        return switch (target) {
            case LogTarget.File f -> new DecisionLog(new FileSink(f.path(), limits), f.path().toString(), limits, 10_000, report);
            case LogTarget.Journal j -> toReceiver(DatagramSink.journal(j.socket()), "journal", j.socket(), limits, report);
            case LogTarget.Syslog s -> toReceiver(DatagramSink.syslog(s.socket()), "syslog", s.socket(), limits, report);
        };
    }

    /** A log to a datagram receiver, which may start after the daemon: said once, then counted. */
    private static DecisionLog toReceiver(Sink sink, String kind, Path socket, LogLimits limits, Consumer<String> report) {
        if (!Files.exists(socket)) {
            report.accept("mayexec: warning: the log receiver `" + socket + "` does not exist (yet); entries are counted as"
                    + " failed until it does");
        }
        return new DecisionLog(sink, kind + " " + socket, limits, 10_000, report);
    }

    /**
     * Whether an entry of {@code uid} is within its rate, counting it when it is not: asked before
     * the entry is made, so that a flood costs no JSON.
     */
    boolean admits(int uid) {
        if (buckets.size() > MAX_BUCKETS) buckets.clear();
        if (buckets.computeIfAbsent(uid, u -> new Bucket(limits)).take()) return true;
        rateLimited.incrementAndGet();
        return false;
    }

    /** Queues an entry its user's rate admitted; never waits. */
    void offer(Entry e) {
        if (!queue.offer(e)) dropped.incrementAndGet();
    }


    String name() {
        return name;
    }

    long dropped() {
        return dropped.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    long failed() {
        return failed.get();
    }

    long written() {
        return written.get();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 1023);
                sink.write(batch);
                written.addAndGet(batch.size());
            } catch (InterruptedException e) {
                if (!closing) Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                int sent = e instanceof PartialWrite p ? p.sent : 0;
                written.addAndGet(sent);
                failed.addAndGet(batch.size() - sent);
                failure(batch.size() - sent, e);
            }
            batch.clear();
        }
    }

    /** Reports a failure now if none was reported in the last minute, else counts it for the next report. */
    private void failure(int lost, Exception e) {
        unreported += lost;
        long now = System.nanoTime();
        if (now - lastReport < REPORT_EVERY_NANOS) return;
        report.accept("mayexec: cannot write the decision log " + name + ": " + e.getMessage() + " (" + unreported
                + " entries lost since the last report; next report in a minute at the earliest)");
        lastReport = now;
        unreported = 0;
    }

    /** A token bucket; {@code take} costs one token. */
    private static final class Bucket {
        private final LogLimits limits;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(LogLimits limits) {
            this.limits = limits;
            this.tokens = limits.burst();
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(limits.burst(), tokens + (now - last) * limits.perUidPerSecond() / 1e9);
            last = now;
            if (tokens < 1) return false;
            tokens--;
            return true;
        }
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
        sink.close();
    }
}
