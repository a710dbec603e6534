package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mayexec serve` as a real process: SIGHUP reloads, `status` and `reload` talk to it, SIGTERM stops it cleanly. */
class ServeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void serve_reloadsOnSighup_andStopsOnSigterm() throws Exception {
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", "name: served\ndefaults: " + TestPolicies.ALL_ALLOW + "\n"));
        Path socket = tmp.resolve("mx.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process daemon = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--policy", policy.toString(), "--socket", socket.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
        try {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) Thread.sleep(50);
            assertTrue(Files.exists(socket), "the daemon listens");
            CliTest.Run status = CliTest.run("status", "--socket", socket.toString());
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("(generation 1)"), status.out());

            Files.writeString(policy.resolve("policy.yaml"), "name: served-again\ndefaults: " + TestPolicies.ALL_ALLOW + "\n");
            new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
            String after = "";
            for (int i = 0; i < 100 && !after.contains("(generation 2)"); i++) {
                Thread.sleep(50);
                after = CliTest.run("status", "--socket", socket.toString()).out();
            }
            assertTrue(after.contains("(generation 2)"), "SIGHUP reloaded: " + after);

            Files.writeString(policy.resolve("policy.yaml"), "name: broken\n");
            CliTest.Run rejected = CliTest.run("reload", "--socket", socket.toString());
            assertEquals(3, rejected.code());
            assertTrue(rejected.err().contains("mx.check.missing-default"), rejected.err());
            assertTrue(rejected.err().contains("the daemon keeps serving"), rejected.err());

            daemon.destroy(); // SIGTERM
            assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue(), Files.readString(tmp.resolve("serve.log")));
            assertFalse(Files.exists(socket), "the socket is removed on the way out");
            List<String> log = Files.readAllLines(tmp.resolve("serve.log"));
            assertTrue(log.stream().anyMatch(l -> l.contains("SIGHUP") && l.contains("\"reloaded\":true")), log.toString());
        } finally {
            daemon.destroyForcibly();
        }
        assertEquals(1, CliTest.run("status", "--socket", socket.toString()).code(), "no daemon: an error, not a hang");
    }
}
