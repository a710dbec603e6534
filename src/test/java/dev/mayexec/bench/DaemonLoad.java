package dev.mayexec.bench;

import dev.mayexec.MayExec;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.server.DaemonClient;
import dev.mayexec.server.DecisionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded load generator for the daemon: starts one on a temporary socket with the given policy,
 * then N clients each send a fixed number of requests (a mix: cacheable file and inline requests,
 * and a live file whose facts the daemon collects), one at a time, timing every round trip. Prints
 * throughput and latency percentiles. Stops by itself: fixed counts, and a time limit.
 *
 * <p>Run: {@code bin/bench-daemon [CLIENTS] [REQUESTS_PER_CLIENT] [POLICY_DIR]} (defaults 8 2000 policies/example).
 */
public final class DaemonLoad {
    private DaemonLoad() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path policy = Path.of(args.length > 2 ? args[2] : "policies/example");
        Path dir = Files.createTempDirectory("mx-load");
        Path socket = dir.resolve("mx.sock");
        String[] mix = {
            "{\"channel\":\"inline\"}",
            "{\"channel\":\"file\",\"path\":\"/usr/bin/env\"}",
            "{\"channel\":\"module\",\"path\":\"/usr/lib/python3.11/json/__init__.py\"}",
            "{\"channel\":\"file\",\"path\":\"/tmp\"}",
        };
        try (DecisionServer server = DecisionServer.start(MayExec.load(policy), LiveFacts.system(),
                new DecisionServer.Options(socket, null, false, clients + 4, java.time.Duration.ofSeconds(30), 65536))) {
            run(socket, clients, Math.max(200, requests / 10), mix); // warm-up
            long start = System.nanoTime();
            long[] latencies = run(socket, clients, requests, mix);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("clients %d, requests %d, %.0f decisions/s, p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
                    clients, latencies.length, latencies.length / seconds, pct(latencies, 0.50), pct(latencies, 0.99),
                    latencies[latencies.length - 1] / 1000.0);
            System.out.println("daemon status: " + server.status());
        }
    }

    private static long[] run(Path socket, int clients, int requests, String[] mix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            futures.add(pool.submit(() -> {
                long[] lat = new long[requests];
                try (DaemonClient client = DaemonClient.connect(socket)) {
                    for (int i = 0; i < requests; i++) {
                        long t = System.nanoTime();
                        if (client.ask(mix[(i + offset) % mix.length]) == null) throw new IllegalStateException("no answer");
                        lat[i] = System.nanoTime() - t;
                    }
                }
                return lat;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) throw new IllegalStateException("load run timed out");
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) all.add(f.get());
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
