package dev.mayexec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.MayExec;
import dev.mayexec.TestPolicies;
import dev.mayexec.server.DaemonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded soak of a real {@code mayexec serve} process: steady clients, connection churn, slow
 * clients (a byte at a time, and half lines left to time out), an unprivileged user hogging slots
 * (when run as root), reloads every two seconds (two good policies that decide differently, and a
 * broken one), and storms of SIGUSR1 and SIGHUP. At the end every answer must have arrived and be
 * the decision of the policy whose hash it names, and the daemon's threads, descriptors and heap
 * (after a GC) must be back to their level before the load (idle, after a warm-up of 20,000 requests).
 *
 * <p>Run: {@code bin/soak-daemon [SECONDS]} (default 180, at most 600). Exit status 0 when it held.
 */
public final class DaemonSoak {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASK = "{\"channel\":\"file\"}";
    private static final String ALLOW_ALL = "defaults: " + TestPolicies.ALL_ALLOW + "\n";

    private final Path dir;
    private final Path socket;
    private final Path policy;
    private final Map<String, String> expected = new ConcurrentHashMap<>(); // policy hash -> decision of ASK
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong asked = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong churned = new AtomicLong();
    private final AtomicLong slow = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong signals = new AtomicLong();
    private final AtomicLong hogRuns = new AtomicLong();
    private volatile boolean stop;

    private DaemonSoak(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("mx.sock");
        this.policy = dir.resolve("policy");
    }

    public static void main(String[] args) throws Exception {
        int seconds = Math.min(600, args.length > 0 ? Integer.parseInt(args[0]) : 180);
        Path dir = Files.createTempDirectory("mx-soak");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.exit(new DaemonSoak(dir).run(seconds) ? 0 : 1);
    }

    private boolean run(int seconds) throws Exception {
        // two good policies that answer ASK differently, so an answer's hash says what it must be
        expected.put(hashOf("a", "name: soak-a\n" + ALLOW_ALL), "allow");
        expected.put(hashOf("b", "name: soak-b\n" + ALLOW_ALL.replace("file: allow", "file: deny")), "deny");
        Files.createDirectories(policy);
        write("name: soak-a\n" + ALLOW_ALL);
        Process daemon = startDaemon();
        try (DaemonClient c = DaemonClient.connect(socket)) {
            for (int i = 0; i < 20_000; i++) ask(c); // warm-up: JIT, caches, pools; then the level to come back to
        }
        Thread.sleep(1000);
        long[] before = figures(daemon);
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) load.add(loop("steady-" + i, this::steady));
        for (int i = 0; i < 2; i++) load.add(loop("churn-" + i, this::churn));
        load.add(loop("slow", this::slowClient));
        load.add(loop("half-line", this::halfLine));
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (root) load.add(loop("hog", this::hog));
        else System.out.println("not root: no unprivileged user hogs slots in this run");
        load.add(loop("reloads", () -> reloads(daemon)));
        load.add(loop("signals", () -> storm(daemon)));
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1_000_000_000L && daemon.isAlive()) {
            Thread.sleep(10_000);
            System.out.printf("%4d s: %d asked, %d answered, %d churned, %d slow, %d cut off, %d reloads, %d signals, %d hog runs%n",
                    (System.nanoTime() - start) / 1_000_000_000L, asked.get(), answered.get(), churned.get(), slow.get(),
                    cutOff.get(), reloads.get(), signals.get(), hogRuns.get());
        }
        stop = true;
        for (Thread t : load) t.join(30_000);
        Thread.sleep(7_000); // the half lines and the hog's connections time out (5 s)
        long[] after = figures(daemon);
        JsonNode status = status();
        daemon.destroy();
        daemon.waitFor();
        long reports = Files.readAllLines(dir.resolve("serve.log")).stream().filter(l -> l.contains("SIGUSR1: status")).count();
        System.out.printf("%nasked %d, answered %d (every answer: the decision of the policy it names), %d churned connections, "
                + "%d slow requests, %d half lines cut off, %d reloads, %d signals (%d status reports), %d hog runs%n",
                asked.get(), answered.get(), churned.get(), slow.get(), cutOff.get(), reloads.get(), signals.get(), reports,
                hogRuns.get());
        System.out.printf("daemon: threads %d -> %d, descriptors %d -> %d, heap after GC %.1f -> %.1f MiB%n",
                before[0], after[0], before[1], after[1], before[2] / 1048576.0, after[2] / 1048576.0);
        System.out.println("status at the end: " + status);
        if (asked.get() != answered.get()) problems.add("asked " + asked.get() + ", answered " + answered.get());
        if (after[0] > before[0] + 2) problems.add("threads grew: " + before[0] + " -> " + after[0]);
        if (after[1] > before[1] + 2) problems.add("descriptors grew: " + before[1] + " -> " + after[1]);
        if (after[2] > before[2] * 3 / 2 + (16 << 20)) problems.add("heap grew: " + before[2] + " -> " + after[2]);
        if (!daemon.isAlive() && daemon.exitValue() != 0) problems.add("the daemon exited with " + daemon.exitValue());
        problems.stream().limit(20).forEach(p -> System.out.println("PROBLEM: " + p));
        System.out.println(problems.isEmpty() ? "soak: OK" : "soak: FAILED (" + problems.size() + " problems)");
        return problems.isEmpty();
    }

    private String hashOf(String name, String text) throws Exception {
        Path p = Files.createDirectories(dir.resolve("hash-" + name));
        Files.writeString(p.resolve("policy.yaml"), text);
        return MayExec.load(p).policyHash();
    }

    /** Replaces the policy file at once, so a reload never reads half of one. */
    private void write(String text) throws IOException {
        Path next = dir.resolve("policy.yaml.next");
        Files.writeString(next, text);
        Files.move(next, policy.resolve("policy.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Process startDaemon() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.mayexec.cli.Main", "serve",
                "--policy", policy.toString(), "--socket", socket.toString(), "--log", dir.resolve("decisions.log").toString(),
                "--log-allows", "--max-clients", "64", "--idle-timeout", "5")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        for (int i = 0; i < 600 && status() == null; i++) Thread.sleep(50);
        if (status() == null) throw new IllegalStateException("the daemon did not start: " + Files.readString(dir.resolve("serve.log")));
        return p;
    }

    private JsonNode status() {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            String a = c.ask("{\"control\":\"status\"}");
            return a == null ? null : JSON.readTree(a);
        } catch (IOException e) {
            return null;
        }
    }

    /** Threads, descriptors and heap in use after a full GC, as the daemon reports them. */
    private long[] figures(Process daemon) throws Exception {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(daemon.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        JsonNode p = status().get("process");
        return new long[] {p.get("threads").asLong(), p.get("open_fds").asLong(), p.get("heap_used_bytes").asLong()};
    }

    interface Step {
        void run() throws Exception;
    }

    private Thread loop(String name, Step step) {
        return Thread.ofPlatform().name("soak-" + name).start(() -> {
            while (!stop) {
                try {
                    step.run();
                } catch (Exception e) {
                    problems.add(name + ": " + e);
                }
            }
        });
    }

    private void check(String answer) throws IOException {
        answered.incrementAndGet();
        JsonNode a = JSON.readTree(answer);
        String want = expected.get(a.path("policy").asText());
        if (want == null || !want.equals(a.path("decision").asText())) problems.add("inconsistent answer: " + answer);
    }

    private void ask(DaemonClient c) throws IOException {
        asked.incrementAndGet();
        String a = c.ask(ASK);
        if (a == null) problems.add("no answer");
        else check(a);
    }

    private void steady() throws Exception {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            for (int i = 0; i < 1000 && !stop; i++) ask(c);
        }
    }

    private void churn() throws Exception {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            ask(c);
        }
        churned.incrementAndGet();
    }

    /** A request a byte at a time, 20 ms apart: slow, but whole well within the timeout. */
    private void slowClient() throws Exception {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            asked.incrementAndGet();
            for (byte b : (ASK + "\n").getBytes(StandardCharsets.UTF_8)) {
                c.sendRaw(new byte[] {b});
                Thread.sleep(20);
            }
            String a = c.readLine();
            if (a == null) problems.add("no answer to a slow client");
            else check(a);
            slow.incrementAndGet();
        }
    }

    /** Half a request, then silence: the daemon must cut it off, and give the slot back. */
    private void halfLine() throws Exception {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            c.sendRaw("{\"chan".getBytes(StandardCharsets.UTF_8));
            String a = c.readLine();
            if (a == null || !a.contains("request not complete")) problems.add("a half line got: " + a);
            else cutOff.incrementAndGet();
        }
    }

    /** An unprivileged user trickles bytes into 40 connections (it may hold 16 of the 64). */
    private void hog() throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=2016", "--regid=2016", "--clear-groups", "/usr/bin/python3", "-I",
                Path.of("src/test/resources/attack/hog.py").toAbsolutePath().toString(), socket.toString(), "40", "0.5", "20")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        if (out.contains("\"held\"")) problems.add("the hog kept a connection past the timeout: " + out);
        hogRuns.incrementAndGet();
    }

    /** Every 2 s: policy B by SIGHUP, a broken one by `reload`, policy A by SIGHUP, a broken one by SIGHUP. */
    private void reloads(Process daemon) throws Exception {
        String[] texts = {"name: soak-b\n" + ALLOW_ALL.replace("file: allow", "file: deny"), "name: broken\n",
            "name: soak-a\n" + ALLOW_ALL, "name: broken\n"};
        for (int i = 0; i < texts.length && !stop; i++) {
            write(texts[i]);
            if (i == 1) {
                try (DaemonClient c = DaemonClient.connect(socket)) {
                    String a = c.ask("{\"control\":\"reload\"}");
                    if (a == null || !a.contains("\"reloaded\":false")) problems.add("a broken policy was not rejected: " + a);
                }
            } else {
                kill(daemon, "HUP");
            }
            reloads.incrementAndGet();
            Thread.sleep(2000);
        }
    }

    /** Every 3 s: 50 SIGUSR1 and 10 SIGHUP, as fast as kill can send them. */
    private void storm(Process daemon) throws Exception {
        for (int i = 0; i < 60 && !stop; i++) kill(daemon, i % 6 == 0 ? "HUP" : "USR1");
        Thread.sleep(3000);
    }

    private void kill(Process daemon, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(daemon.pid())).start().waitFor();
        signals.incrementAndGet();
    }
}
