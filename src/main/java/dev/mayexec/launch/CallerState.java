package dev.mayexec.launch;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the program must get as its caller gave it, captured by {@code bin/mayexec} before the JVM
 * starts (the JVM blocks and ignores signals of its own, raises RLIMIT_NOFILE's soft limit, and its
 * launcher's shell adds variables): the environment, byte for byte, as the kernel handed it to
 * {@code bin/mayexec} ({@code /proc/PID/environ}, read through a pipe), the signal mask and ignored
 * signals a child of the caller has ({@code SigBlk}, {@code SigIgn}), and the soft RLIMIT_NOFILE.
 * The working directory and umask the JVM leaves alone.
 */
record CallerState(List<byte[]> env, long blocked, long ignored, long nofileSoft) {
    static final String ENV_FD = "mayexec.run.env-fd";
    static final String BLOCKED = "mayexec.run.sigblk";
    static final String IGNORED = "mayexec.run.sigign";
    static final String NOFILE = "mayexec.run.nofile";
    /** A bound on the environment read (the kernel's own bound on argv plus envp is a quarter of the stack limit). */
    private static final int MAX_ENV = 8 << 20;

    CallerState {
        env = List.copyOf(env);
    }

    /** The state {@code bin/mayexec} captured, or an exception that says it is missing. */
    static CallerState captured() throws LaunchException {
        String fd = System.getProperty(ENV_FD);
        String blk = System.getProperty(BLOCKED);
        String ign = System.getProperty(IGNORED);
        String nofile = System.getProperty(NOFILE);
        if (fd == null || blk == null || ign == null || nofile == null) {
            throw new LaunchException("the caller's environment and signal state were not captured",
                    "start `mayexec run` through bin/mayexec, which captures them before the JVM changes them");
        }
        try {
            int n = Integer.parseInt(fd);
            List<byte[]> env;
            try (InputStream in = new FileInputStream("/proc/self/fd/" + n)) {
                env = split(in.readNBytes(MAX_ENV + 1));
            } finally {
                Native.close(n);
            }
            long soft = nofile.equals("unlimited") ? -1L : Long.parseLong(nofile);
            return new CallerState(env, Long.parseUnsignedLong(blk, 16), Long.parseUnsignedLong(ign, 16), soft);
        } catch (IOException | NumberFormatException e) {
            throw new LaunchException("cannot read the caller's captured state: " + e.getMessage(),
                    "start `mayexec run` through bin/mayexec");
        }
    }

    private static List<byte[]> split(byte[] all) throws IOException {
        if (all.length > MAX_ENV) throw new IOException("the environment is larger than " + MAX_ENV + " bytes");
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                if (i > start) out.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) out.add(java.util.Arrays.copyOfRange(all, start, all.length));
        return out;
    }

    /** The environment as the policy sees it (an entry without {@code =} is kept for the exec but names nothing). */
    Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (byte[] e : env) {
            String s = new String(e, StandardCharsets.UTF_8);
            int eq = s.indexOf('=');
            if (eq > 0) m.putIfAbsent(s.substring(0, eq), s.substring(eq + 1)); // getenv(3) takes the first
        }
        return m;
    }
}
