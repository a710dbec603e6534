package dev.mayexec.server;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters and a window of recent latencies, for {@code mayexec status}. Lock-free on the decision path. */
final class ServerStats {
    private static final int WINDOW = 1 << 16;

    final AtomicLong decisions = new AtomicLong();
    final AtomicLong denies = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong rejectedConnections = new AtomicLong();
    final AtomicLong reloads = new AtomicLong();
    final AtomicLong failedReloads = new AtomicLong();
    private final AtomicLongArray latencies = new AtomicLongArray(WINDOW);
    private final AtomicLong next = new AtomicLong();

    void latency(long nanos) {
        latencies.set((int) (next.getAndIncrement() & (WINDOW - 1)), nanos);
    }

    /** Returns the p50, p90, p99 and max of the recent window, in microseconds. */
    double[] percentiles() {
        int n = (int) Math.min(next.get(), WINDOW);
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) copy[i] = latencies.get(i);
        Arrays.sort(copy);
        if (n == 0) return new double[] {0, 0, 0, 0};
        return new double[] {at(copy, 0.50), at(copy, 0.90), at(copy, 0.99), copy[n - 1] / 1000.0};
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
