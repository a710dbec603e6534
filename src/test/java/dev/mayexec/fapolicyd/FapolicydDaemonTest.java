package dev.mayexec.fapolicyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.facts.Channel;
import dev.mayexec.fapolicyd.FaRule.Perm;
import dev.mayexec.fapolicyd.FirstMatch.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference evaluator and the import, against the real fapolicyd. The Debian 1.1.7 daemon runs
 * in {@code --debug --permissive} mode (it logs every decision and refuses nothing) inside a mount
 * namespace of its own, watching only a tmpfs mounted there, with the rules, trust list and
 * configuration of {@code src/test/resources/fapolicyd/live/}; a battery of opens and execs as
 * several users (uid, gid and supplementary groups set with {@code setpriv}) runs in that namespace.
 * Every decision line the daemon logs must be the reference evaluator's (same rule, same decision),
 * and the imported policy, asked the same question projected to a mayexec request, must decide it
 * alike wherever the import report says exact. The daemon is stopped in a finally block and by a
 * shutdown hook, with a timeout; CI installs fapolicyd (.ci/run), and without it the test says NOT RUN.
 */
class FapolicydDaemonTest {
    private static final Path LIVE = Path.of("src/test/resources/fapolicyd/live");
    private static final Pattern LINE = Pattern.compile(
            "rule=(\\d+) dec=(\\S+) perm=(open|execute) uid=(\\d+) gid=([\\d,]+) pid=\\d+ exe=(.*) trust=([01]) : "
                    + "path=(.*) ftype=(\\S+) trust=([01])");

    /** One command of the battery, run as {@code uid}, with {@code gid} and the supplementary {@code groups}. */
    private record Step(int uid, int gid, List<Integer> groups, List<String> argv) {}

    /** A decision line of the daemon's log. */
    private record Logged(int rule, String dec, Event event) {}

    @TempDir
    Path work;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theDaemonDecidesAsTheReferenceEvaluatorAndTheImport() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        boolean tools = Files.isExecutable(Path.of("/usr/sbin/fapolicyd")) && onPath("unshare") && onPath("nsenter")
                && onPath("setpriv");
        if (!root || !tools) {
            System.err.println("\n*** FapolicydDaemonTest NOT RUN: it needs root and fapolicyd, unshare, nsenter, setpriv"
                    + " (apt-get install fapolicyd; .ci/run installs it) ***\n");
        }
        Assumptions.assumeTrue(root && tools, "needs root and fapolicyd");

        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")); // other users reach t/
        Path t = Files.createDirectory(work.resolve("t"));
        Path etc = Files.createDirectory(work.resolve("etc"));
        String rulesText = read("compiled.rules").replace("@T@", t.toString());
        Files.writeString(etc.resolve("compiled.rules"), rulesText);
        Files.writeString(etc.resolve("fapolicyd.conf"), read("fapolicyd.conf"));
        Files.writeString(etc.resolve("fapolicyd.trust"), read("fapolicyd.trust").replace("@T@", t.toString()));
        Files.createDirectory(etc.resolve("trust.d"));
        Files.createDirectory(etc.resolve("rules.d"));
        Path log = work.resolve("daemon.log");

        List<Step> battery = battery(t);
        Process daemon = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh",
                LIVE.resolve("run.sh").toAbsolutePath().toString(), t.toString(), etc.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread stopper = new Thread(() -> stop(daemon));
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            waitForListening(daemon, log);
            for (Step s : battery) run(daemon.pid(), s);
        } finally {
            stop(daemon);
            Runtime.getRuntime().removeShutdownHook(stopper);
        }

        List<Logged> logged = parse(Files.readAllLines(log, StandardCharsets.UTF_8), t);
        RulesReader.Result read = RulesReader.parse(rulesText, "compiled.rules", new RulesReader.Names(Map.of(), Map.of()));
        assertTrue(read.ok(), read.diagnostics()::toString);
        TrustList trust = TrustList.read(List.of(etc.resolve("fapolicyd.trust")), new ArrayList<>());

        Set<Integer> rulesHit = new TreeSet<>();
        for (Logged l : logged) {
            // the file backend with integrity = none trusts by path: what the import's trust set says
            assertEquals(trust.contains(l.event().path()), l.event().objectTrusted(), () -> "object trust of " + l);
            assertEquals(trust.contains(l.event().exe()), l.event().subjectTrusted(), () -> "subject trust of " + l);
            Verdict want = FirstMatch.decide(read.rules(), l.event(), FaVersion.V1_1_7);
            assertEquals(l.rule(), want.rule(), () -> "the reference evaluator's rule for " + l);
            assertEquals(l.dec().startsWith("deny"), !want.allow(), () -> "the reference evaluator's decision for " + l);
            rulesHit.add(l.rule());
        }
        // the battery reaches every rule but the one that never matches (9), and the fall-through
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8), rulesHit, "rules the battery reached; log:\n" + Files.readString(log));

        Imported imported = Imported.of(read.rules(), FaVersion.V1_1_7, trust, work.resolve("policy"));
        int compared = 0;
        for (Logged l : logged) {
            if (!imported.exactThrough(l.rule())) continue;
            for (Channel open : List.of(Channel.MODULE, Channel.LIBRARY, Channel.CONFIG)) {
                assertEquals(!l.dec().startsWith("deny"), imported.allows(l.event(), open),
                        () -> "the imported policy on " + l + "\n" + imported.policy());
                if (l.event().perm() == Perm.EXECUTE) break; // one channel: file
            }
            compared++;
        }
        assertEquals(logged.size(), compared, "every rule of the battery is exact, so every event is compared");
        System.err.println("FapolicydDaemonTest: " + logged.size() + " decisions of the daemon checked, rules hit " + rulesHit);
    }

    private static List<Step> battery(Path t) {
        return List.of(
                new Step(0, 0, List.of(0), List.of("cat", t + "/shebang.py")),               // 2: dir is a raw prefix
                new Step(1000, 1000, List.of(1000), List.of("cat", t + "/shebang.py")),      // 0: falls through
                new Step(1000, 1000, List.of(1000, 2000), List.of("cat", t + "/shell/x.sh")), // 2: a supplementary group
                new Step(1000, 1000, List.of(1000), List.of("head", t + "/data.txt")),        // 3: object not trusted
                new Step(1000, 1000, List.of(1000), List.of("head", t + "/trusted.txt")),     // 0: trusted, falls through
                new Step(1001, 1001, List.of(1001), List.of(t + "/bin/true")),                // 4: execute by path
                new Step(1002, 1002, List.of(1002), List.of(t + "/bin/true")),                // 1: execute from a dir
                new Step(1000, 3000, List.of(3000), List.of(t + "/bin/true")),                // 5: by gid
                new Step(1001, 1001, List.of(1001), List.of("cat", t + "/priv/secret")),      // 6: a uid set
                new Step(0, 0, List.of(0), List.of("cat", t + "/priv/secret")),               // 0
                new Step(1000, 1000, List.of(1000), List.of("cat", t + "/data.txt")),         // 7: subject trusted
                new Step(1000, 1000, List.of(1000), List.of("tail", t + "/data.txt")),        // 8: subject not trusted
                new Step(1001, 1001, List.of(1001), List.of(t + "/bin/other")),               // 0: execute, no rule
                new Step(1000, 1000, List.of(1000), List.of("tac", t + "/trusted.txt")));     // 0: the hash differs
    }

    private static void run(long pid, Step s) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-m", "--", "setpriv",
                "--reuid=" + s.uid(), "--regid=" + s.gid(),
                "--groups=" + s.groups().stream().map(String::valueOf).collect(Collectors.joining(",")), "--"));
        cmd.addAll(s.argv());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "a step of the battery hung: " + cmd);
        assertEquals(0, p.exitValue(), () -> "a step failed (permissive mode refuses nothing): " + cmd);
    }

    private static void waitForListening(Process daemon, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("Starting to listen for events")) return;
            if (!daemon.isAlive()) throw new AssertionError("fapolicyd stopped before listening:\n" + text);
            Thread.sleep(100);
        }
        throw new AssertionError("fapolicyd did not start listening in 30 s:\n" + Files.readString(log));
    }

    /** SIGTERM, then SIGKILL after 10 s: the daemon never outlives the test. */
    private static void stop(Process daemon) {
        if (!daemon.isAlive()) return;
        daemon.destroy();
        try {
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The decision lines about the test's files (a line about another tmpfs of the namespace is left out). */
    private static List<Logged> parse(List<String> lines, Path t) {
        List<Logged> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches() || !m.group(8).startsWith(t + "/")) continue;
            Set<Integer> gids = Arrays.stream(m.group(5).split(",")).map(Integer::valueOf).collect(Collectors.toSet());
            Event e = Event.of(m.group(3).equals("open") ? Perm.OPEN : Perm.EXECUTE, Integer.parseInt(m.group(4)), gids,
                    m.group(6), m.group(7).equals("1"), m.group(8), m.group(9), m.group(10).equals("1"), null);
            out.add(new Logged(Integer.parseInt(m.group(1)), m.group(2), e));
        }
        return out;
    }

    private static String read(String name) throws IOException {
        return Files.readString(LIVE.resolve(name), StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
