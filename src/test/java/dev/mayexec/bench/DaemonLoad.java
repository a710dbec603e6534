package dev.mayexec.bench;

import dev.mayexec.pipeline.Decider;
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
 *
 * <p>With {@code --files N} as a fourth argument it measures real files instead: the first N regular
 * files under /usr/lib, each asked once by one client on a fresh daemon (the latency of a file the
 * daemon has not seen yet), then asked by every client, pipelined (each client writes all its
 * questions while another thread reads the answers): decisions per second.
 */
public final class DaemonLoad {
    private DaemonLoad() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path policy = Path.of(args.length > 2 ? args[2] : "policies/example");
        Path dir = Files.createTempDirectory("mx-load");
        Path socket = dir.resolve("mx.sock");
        if (args.length > 4 && args[3].equals("--files")) {
            realFiles(socket, policy, clients, Integer.parseInt(args[4]));
            return;
        }
        String[] mix = {
            "{\"channel\":\"inline\"}",
            "{\"channel\":\"file\",\"path\":\"/usr/bin/env\"}",
            "{\"channel\":\"module\",\"path\":\"/usr/lib/python3.11/json/__init__.py\"}",
            "{\"channel\":\"file\",\"path\":\"/tmp\"}",
        };
        try (DecisionServer server = DecisionServer.start(Decider.load(policy), LiveFacts.system(),
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

    private static void realFiles(Path socket, Path policy, int clients, int count) throws Exception {
        List<String> requests = fileRequests(Path.of("/usr/lib"), count);
        try (DecisionServer server = DecisionServer.start(Decider.load(policy), LiveFacts.system(),
                new DecisionServer.Options(socket, null, false, clients + 4, java.time.Duration.ofSeconds(60), 65536))) {
            long[] first = new long[requests.size()];
            try (DaemonClient client = DaemonClient.connect(socket)) {
                // a running daemon is a warm one: other files first, so that what is measured is a new file, not a cold JIT
                for (int round = 0; round < 3; round++) {
                    for (String warm : fileRequests(Path.of("/usr/share"), count)) client.ask(warm);
                }
                for (int i = 0; i < first.length; i++) {
                    long t = System.nanoTime();
                    if (client.ask(requests.get(i)) == null) throw new IllegalStateException("no answer");
                    first[i] = System.nanoTime() - t;
                }
            }
            Arrays.sort(first);
            System.out.printf("first sight of %d files under /usr/lib: p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
                    first.length, pct(first, 0.50), pct(first, 0.99), first[first.length - 1] / 1000.0);
            pipelined(socket, clients, requests); // warm-up
            CpuTimes before = CpuTimes.now();
            long start = System.nanoTime();
            pipelined(socket, clients, requests);
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTimes used = CpuTimes.now().minus(before);
            int decisions = clients * requests.size();
            System.out.printf("%d clients pipelining %d files each: %.0f decisions/s%n", clients, requests.size(),
                    decisions / seconds);
            // where the floor is: the CPU each decision costs, the daemon's threads and the rest of this JVM
            System.out.printf("CPU per decision: daemon threads %.1f µs (of which in the kernel %.1f µs), load generator and"
                    + " the JVM's own %.1f µs; %.0f %% of the 2 cores' time was used%n",
                    used.daemon() / 1e3 / decisions, used.daemonSystem() / 1e3 / decisions,
                    (used.process() - used.daemon()) / 1e3 / decisions,
                    100.0 * used.process() / (seconds * 1e9 * Runtime.getRuntime().availableProcessors()));
            System.out.println("daemon status: " + server.status());
        }
    }

    private static List<String> fileRequests(Path under, int count) throws java.io.IOException {
        try (var files = Files.walk(under)) {
            return files.filter(Files::isRegularFile).filter(f -> !Files.isSymbolicLink(f)).limit(count)
                    .map(f -> "{\"channel\":\"module\",\"path\":\"" + f + "\"}").toList();
        }
    }

    /** Every client writes all its questions while a reader takes the answers; returns when all are answered. */
    private static void pipelined(Path socket, int clients, List<String> requests) throws Exception {
        byte[] all = (String.join("\n", requests) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(2 * clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            DaemonClient client = DaemonClient.connect(socket);
            futures.add(pool.submit(() -> {
                client.sendRaw(all);
                return null;
            }));
            futures.add(pool.submit(() -> {
                try (client) {
                    for (int i = 0; i < requests.size(); i++) {
                        String answer = client.readLine();
                        if (answer == null || !answer.startsWith("{\"decision\"")) throw new IllegalStateException(answer);
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) throw new IllegalStateException("load run timed out");
        for (Future<?> f : futures) f.get();
    }

    /**
     * CPU time in nanoseconds: the whole process, the daemon's client threads (alive across a phase:
     * they are pooled), and their time in the kernel.
     */
    private record CpuTimes(long process, long daemon, long daemonSystem, java.util.Map<Long, long[]> perThread) {
        static CpuTimes now() {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            java.util.Map<Long, long[]> per = new java.util.HashMap<>();
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null || !info.getThreadName().startsWith("mayexec-client-")) continue;
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                long user = threads.getThreadUserTime(info.getThreadId());
                if (cpu >= 0 && user >= 0) per.put(info.getThreadId(), new long[] {cpu, cpu - user});
            }
            long daemon = per.values().stream().mapToLong(t -> t[0]).sum();
            long system = per.values().stream().mapToLong(t -> t[1]).sum();
            return new CpuTimes(process, daemon, system, per);
        }

        /** The time used since {@code before}, thread by thread (a thread made since counts from zero). */
        CpuTimes minus(CpuTimes before) {
            long daemon = 0;
            long system = 0;
            for (var e : perThread.entrySet()) {
                long[] was = before.perThread().getOrDefault(e.getKey(), new long[2]);
                daemon += e.getValue()[0] - was[0];
                system += e.getValue()[1] - was[1];
            }
            return new CpuTimes(process - before.process(), daemon, system, java.util.Map.of());
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }
}
