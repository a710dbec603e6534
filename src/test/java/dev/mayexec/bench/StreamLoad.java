package dev.mayexec.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code bin/mayexec decide} on request streams, as a user runs it: a fresh process per run,
 * its standard output to a file. Two streams over {@code policies/example} (from
 * {@link RequestGenerator}): 200,000 distinct requests, and 20,000 distinct requests each asked ten
 * times; each with the cache and with {@code --no-cache}. Each run is repeated and the medians are
 * printed: the wall time of the whole command, the wall time of the same command on the stream's
 * first line alone (start-up and one decision), and from the two the rate on the stream itself,
 * {@code (n - 1) / (wall(n) - wall(1))}. Runs with and without the cache alternate. Every run's
 * answers are counted, and the answers with and without the cache must be the same but for their
 * {@code cached} field.
 *
 * <p>Run: {@code bin/bench-stream [RUNS]} (default 5).
 */
public final class StreamLoad {
    private static final Path POLICY = Path.of("policies", "example");
    private static final Path DIR = Path.of("target", "bench-stream");

    private StreamLoad() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Files.createDirectories(DIR);
        Path distinct = stream("distinct-200000", RequestGenerator.distinct(200_000, 12));
        Path repeated = stream("repeated-20000x10", RequestGenerator.repeated(20_000, 10, 12));
        System.out.printf("%-20s %-10s %10s %10s %14s %14s%n", "stream", "cache", "wall (s)", "first (s)",
                "stream (/s)", "overall (/s)");
        for (Path s : List.of(distinct, repeated)) measure(s, runs);
    }

    private static Path stream(String name, List<String> lines) throws IOException {
        Path file = DIR.resolve(name + ".jsonl");
        if (!Files.exists(file)) Files.write(file, lines);
        Files.write(DIR.resolve(name + ".first.jsonl"), lines.subList(0, 1));
        return file;
    }

    /**
     * Prints a row of medians with the cache and one without; the runs of the two alternate, so that
     * a change in the machine's load weighs on both alike. The answers must be the same but for
     * their {@code cached} field.
     */
    private static void measure(Path stream, int runs) throws Exception {
        String name = stream.getFileName().toString().replace(".jsonl", "");
        Path first = DIR.resolve(name + ".first.jsonl");
        long n;
        try (var lines = Files.lines(stream)) {
            n = lines.count();
        }
        double[][] walls = new double[2][runs];
        double[][] firsts = new double[2][runs];
        String digest = null;
        for (int r = 0; r < runs; r++) {
            for (int mode = 0; mode < 2; mode++) {
                boolean noCache = mode == 1;
                firsts[mode][r] = run(first, noCache, 1).seconds();
                Run full = run(stream, noCache, n);
                walls[mode][r] = full.seconds();
                if (digest != null && !digest.equals(full.digest())) {
                    throw new AssertionError(name + ": the answers differ between runs, or with and without the cache");
                }
                digest = full.digest();
            }
        }
        for (int mode = 0; mode < 2; mode++) {
            double wall = median(walls[mode]);
            double startup = median(firsts[mode]);
            System.out.printf("%-20s %-10s %10.2f %10.2f %,14.0f %,14.0f%n", name, mode == 1 ? "no-cache" : "cache", wall,
                    startup, (n - 1) / (wall - startup), n / wall);
        }
    }

    private record Run(double seconds, String digest) {}

    private static Run run(Path requests, boolean noCache, long want) throws Exception {
        Path out = DIR.resolve("answers.jsonl");
        List<String> command = new ArrayList<>(List.of("bin/mayexec", "decide", "--policy", POLICY.toString(), "--request",
                requests.toString()));
        if (noCache) command.add("--no-cache");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("decide did not finish in 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0 && p.exitValue() != 4) throw new AssertionError("decide exited with " + p.exitValue());
        MessageDigest sha = sha256();
        long answers = 0;
        try (var lines = Files.lines(out, StandardCharsets.UTF_8)) {
            for (var it = lines.iterator(); it.hasNext(); answers++) {
                sha.update(it.next().replace("\"cached\":true", "\"cached\":false").getBytes(StandardCharsets.UTF_8));
            }
        }
        if (answers != want) throw new AssertionError(requests + ": " + answers + " answers to " + want + " requests");
        return new Run(seconds, HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
