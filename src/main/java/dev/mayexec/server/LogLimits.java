package dev.mayexec.server;

/**
 * What the decision log may cost the host: each user's entries are rate-limited (a token bucket of
 * {@code burst} entries refilled at {@code perUidPerSecond}), and a file is rotated at
 * {@code maxBytes}, keeping {@code keep} old files, so the log never holds more than
 * {@code (keep + 1) * maxBytes}.
 */
public record LogLimits(int perUidPerSecond, int burst, long maxBytes, int keep) {
    /** 20 entries a second per user (bursts of 200); 32 MiB files, 4 kept: at most 160 MiB. */
    public static final LogLimits DEFAULT = new LogLimits(20, 200, 32L << 20, 4);

    public LogLimits {
        if (perUidPerSecond < 1 || burst < 1) throw new IllegalArgumentException("log rate and burst must be at least 1");
        if (maxBytes < 4096) throw new IllegalArgumentException("log size must be at least 4096 bytes, found " + maxBytes);
        if (keep < 1) throw new IllegalArgumentException("at least one rotated log must be kept, found " + keep);
    }
}
