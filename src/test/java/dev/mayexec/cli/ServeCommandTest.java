package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mayexec serve` as a real process, as an operator drives it: signals (HUP reloads, even under
 * nohup; USR1 reports; TERM and INT stop it cleanly; the rest are harmless), `status` and `reload`.
 */
class ServeCommandTest {
    @TempDir
    Path tmp;

    private Path policy;
    private Path socket;

    private Process serve(String... prefix) throws IOException {
        policy = TestPolicies.write(tmp, Map.of("policy.yaml", "name: served\ndefaults: " + TestPolicies.ALL_ALLOW + "\n"));
        socket = tmp.resolve("mx.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(prefix));
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--policy", policy.toString(), "--socket", socket.toString()));
        Process daemon = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
        for (int i = 0; i < 400 && !answers(); i++) sleep(50);
        assertTrue(answers(), "the daemon answers: " + log());
        return daemon;
    }

    private boolean answers() {
        return Files.exists(socket) && CliTest.run("status", "--socket", socket.toString()).code() == 0;
    }

    private String log() throws IOException {
        return Files.readString(tmp.resolve("serve.log"));
    }

    private static void kill(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    private String statusUntil(String wanted) {
        String out = "";
        for (int i = 0; i < 200 && !out.contains(wanted); i++) {
            sleep(50);
            out = CliTest.run("status", "--socket", socket.toString()).out();
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopsCleanly(Process daemon, String signal) throws Exception {
        kill(daemon, signal);
        assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "SIG" + signal + " stops it");
        assertEquals(0, daemon.exitValue(), log());
        assertFalse(Files.exists(socket), "the socket is removed on the way out");
    }

    @Test
    void serve_reloadsOnSighup_andStopsOnSigterm() throws Exception {
        Process daemon = serve();
        try {
            CliTest.Run status = CliTest.run("status", "--socket", socket.toString());
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("(generation 1)"), status.out());
            assertTrue(status.out().contains("mayexec " + dev.mayexec.BuildInfo.current().version() + ", up 0d 00:"), status.out());

            Files.writeString(policy.resolve("policy.yaml"), "name: served-again\ndefaults: " + TestPolicies.ALL_ALLOW + "\n");
            kill(daemon, "HUP");
            assertTrue(statusUntil("(generation 2)").contains("(generation 2)"), "SIGHUP reloaded");

            Files.writeString(policy.resolve("policy.yaml"), "name: broken\n");
            CliTest.Run rejected = CliTest.run("reload", "--socket", socket.toString());
            assertEquals(3, rejected.code());
            assertTrue(rejected.err().contains("mx.check.missing-default"), rejected.err());
            assertTrue(rejected.err().contains("the daemon keeps serving"), rejected.err());

            stopsCleanly(daemon, "TERM");
            assertTrue(log().lines().anyMatch(l -> l.contains("SIGHUP") && l.contains("\"reloaded\":true")), log());
        } finally {
            daemon.destroyForcibly();
        }
        assertEquals(1, CliTest.run("status", "--socket", socket.toString()).code(), "no daemon: an error, not a hang");
    }

    /** Issue 13: `kill -USR1` ended the daemon (exit 138) and left its socket, so fail-closed clients denied everything. */
    @Test
    void everySignalAnOperatorMaySend_isHandledOrHarmless() throws Exception {
        Process daemon = serve();
        try {
            kill(daemon, "USR1");
            for (int i = 0; i < 200 && !log().contains("SIGUSR1: status"); i++) sleep(50);
            assertTrue(log().lines().anyMatch(l -> l.startsWith("mayexec serve: SIGUSR1: status {") && l.contains("\"policy\"")), log());
            List<String> harmless = new ArrayList<>(List.of("QUIT", "USR1"));
            harmless.addAll(dev.mayexec.server.OperatorSignals.HARMLESS);
            for (String signal : harmless) {
                kill(daemon, signal);
                sleep(100);
                assertTrue(daemon.isAlive(), "SIG" + signal + " ended the daemon: " + log());
                CliTest.Run status = CliTest.run("status", "--socket", socket.toString());
                assertEquals(0, status.code(), "after SIG" + signal + ": " + status.err());
            }
            // a storm costs at most one queued reload and one queued report
            for (int i = 0; i < 200; i++) kill(daemon, i % 2 == 0 ? "HUP" : "USR1");
            assertTrue(daemon.isAlive());
            assertEquals(0, CliTest.run("status", "--socket", socket.toString()).code());
            stopsCleanly(daemon, "INT");
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void underNohup_sighupStillReloads() throws Exception {
        // as nohup does: HUP ignored before exec, and the ignored disposition inherited
        Process daemon = serve("sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"");
        try {
            assertTrue(log().contains("SIGHUP was ignored when the daemon started"), log());
            kill(daemon, "HUP");
            assertTrue(statusUntil("(generation 2)").contains("(generation 2)"), "SIGHUP reloaded under nohup: " + log());
            stopsCleanly(daemon, "TERM");
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void aStaleSocket_isReplaced_butAnotherFileAtThatPathIsNot() throws Exception {
        Process first = serve();
        first.destroyForcibly().waitFor(); // SIGKILL: the socket stays behind, nothing listens
        assertTrue(Files.exists(socket));
        Process second = serve();
        try {
            assertTrue(answers(), "the stale socket was replaced");
            stopsCleanly(second, "TERM");
        } finally {
            second.destroyForcibly();
        }
        Files.writeString(socket, "not a socket");
        CliTest.Run refused = CliTest.run("serve", "--policy", policy.toString(), "--socket", socket.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("exists and is not a socket"), refused.err());
        assertEquals("not a socket", Files.readString(socket));
    }

    @Test
    void status_inThePrometheusFormat_passesPromtool() throws Exception {
        Process daemon = serve();
        try {
            CliTest.Run metrics = CliTest.run("status", "--socket", socket.toString(), "--format", "prometheus");
            assertEquals(0, metrics.code(), metrics.err());
            PrometheusFormatTest.assertValid(metrics.out());
            assertTrue(metrics.out().contains("mayexec_info{version=\"" + dev.mayexec.BuildInfo.current().version() + "\",policy=\"sha256:"), metrics.out());
        } finally {
            daemon.destroyForcibly().waitFor();
        }
    }
}
