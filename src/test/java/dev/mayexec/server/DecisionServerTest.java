package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's contract over a real socket: identity from the kernel, hostile clients, control, the log. */
class DecisionServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private DecisionServer server;

    private Path start(String policy, int maxClients, Duration idle, Path log) throws Exception {
        Path socket = tmp.resolve("mx.sock");
        server = DecisionServer.start(Decider.load(Path.of("policies", policy)), LiveFacts.system(),
                new DecisionServer.Options(socket, log, false, maxClients, idle, 65536));
        return socket;
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    private static JsonNode ask(DaemonClient c, String line) throws IOException {
        String answer = c.ask(line);
        return answer == null ? null : JSON.readTree(answer);
    }

    @Test
    void identity_comesFromTheKernel_notFromTheRequest() throws Exception {
        Path socket = start("example", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket)) {
            // offline, these claims would make it cron's `sh -c`, which the example policy allows
            JsonNode d = ask(c, "{\"channel\":\"inline\",\"process\":{\"uid\":0,\"service\":\"cron.service\",\"exe\":\"/usr/bin/dash\"}}");
            assertEquals("deny", d.get("decision").asText(), "this JVM is not cron: the claims are not believed");
            JsonNode allowed = ask(c, "{\"channel\":\"file\",\"path\":\"/usr/bin/env\"}");
            assertEquals("allow", allowed.get("decision").asText(), allowed.toString());
            assertEquals(server.status().get("policy").asText(), allowed.get("policy").asText());
        }
    }

    @Test
    void stdin_isWhatTheCallersFdZeroReallyIs() throws Exception {
        Path socket = start("kernel-default", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket)) {
            // /usr/bin/env would pass the kernel's check; this JVM's fd 0 (a pipe from surefire, or /dev/null) does not
            JsonNode d = ask(c, "{\"channel\":\"stdin\",\"path\":\"/usr/bin/env\","
                    + "\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}");
            assertEquals("deny", d.get("decision").asText(), d.toString());
            assertTrue(d.get("reasons").get(0).get("code").asText().startsWith("kernel."), d.toString());
        }
    }

    @Test
    void aQuestionAboutAnotherUsersProcess_isRefused() throws Exception {
        Path socket = start("example", 8, Duration.ofSeconds(30), null);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String client = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); "
                + "s.sendall(b'{\"channel\":\"inline\",\"pid\":1}\\n'); print(s.makefile().readline().strip())";
        Process p = new ProcessBuilder("setpriv", "--reuid=2005", "--regid=2005", "--clear-groups", "/usr/bin/python3",
                "-c", client, socket.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        JsonNode d = JSON.readTree(out);
        assertEquals("deny", d.get("decision").asText(), out);
        assertEquals("request.refused", d.get("reasons").get(0).get("code").asText(), out);
    }

    @Test
    void invocations_resolveRelativePaths_inTheProcessesOwnWorkingDirectory() throws Exception {
        Path socket = start("example", 8, Duration.ofSeconds(30), null);
        Path work = Files.createDirectory(tmp.resolve("work"));
        Files.writeString(work.resolve("app.py"), "print(1)\n");
        String client = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); "
                + "s.sendall(b'{\"argv\":[\"python3\",\"app.py\"],\"cwd\":\"/etc\"}\\n'); print(s.makefile().readline().strip())";
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", client, socket.toString()).directory(work.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        JsonNode part = JSON.readTree(out).get("parts").get(0);
        assertEquals("file", part.get("channel").asText(), out);
        assertEquals(work.resolve("app.py").toRealPath().toString(), part.get("path").asText(),
                "the claimed cwd is not believed: /proc/PID/cwd is");
    }

    @Test
    void hostileClients_getAnErrorOrAreCutOff_andNeverDelayOthers() throws Exception {
        Path socket = start("kernel-default", 16, Duration.ofSeconds(1), null);
        try (DaemonClient stuck = DaemonClient.connect(socket);
                DaemonClient huge = DaemonClient.connect(socket);
                DaemonClient garbage = DaemonClient.connect(socket);
                DaemonClient flood = DaemonClient.connect(socket);
                DaemonClient good = DaemonClient.connect(socket)) {
            stuck.sendRaw("{\"channel\":\"fi".getBytes(StandardCharsets.UTF_8)); // a line that never ends
            byte[] tenMegabytes = new byte[10 << 20];
            java.util.Arrays.fill(tenMegabytes, (byte) 'x');
            Thread hugeSender = Thread.ofPlatform().start(() -> {
                try {
                    huge.sendRaw(tenMegabytes);
                } catch (IOException cutOff) {
                    // expected: the daemon closes the connection mid-line
                }
            });
            byte[] flooding = "{\"channel\":\"inline\"}\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
            Thread floodSender = Thread.ofPlatform().start(() -> {
                try {
                    flood.sendRaw(flooding); // and never reads the answers
                } catch (IOException blocked) {
                    // the daemon gave up sending to it
                }
            });
            garbage.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
            assertEquals("request is not valid UTF-8", JSON.readTree(garbage.readLine()).get("error").asText());
            assertEquals("allow", ask(garbage, "{\"channel\":\"file\"}").get("decision").asText(), "the connection goes on");
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                assertEquals("allow", ask(good, "{\"channel\":\"file\"}").get("decision").asText());
                assertTrue(System.nanoTime() - start < 500_000_000L, "a good client is never held up");
            }
            assertTrue(huge.readLine().contains("request longer than 65536 bytes"));
            assertNull(huge.readLine(), "and it is cut off");
            hugeSender.join(5000);
            String idle = stuck.readLine();
            assertTrue(idle.contains("request not complete 1 s after its first byte"), idle);
            assertNull(stuck.readLine(), "the silent client is cut off");
            // a new connection: `good` sat idle longer than the 1 s idle timeout while the others were cut off
            try (DaemonClient after = DaemonClient.connect(socket)) {
                assertEquals("allow", ask(after, "{\"channel\":\"file\"}").get("decision").asText(), "the daemon still answers");
            }
            floodSender.interrupt();
        }
    }

    @Test
    void tooManyClients_areTurnedAway_politely() throws Exception {
        Path socket = tmp.resolve("mx.sock");
        server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                new DecisionServer.Options(socket, null, false, 2, Duration.ofSeconds(30), 65536)
                        .withLimits(new DecisionServer.Limits(2, 2, 0, 0)));
        try (DaemonClient a = DaemonClient.connect(socket); DaemonClient b = DaemonClient.connect(socket)) {
            assertEquals("allow", ask(a, "{\"channel\":\"file\"}").get("decision").asText());
            assertEquals("allow", ask(b, "{\"channel\":\"file\"}").get("decision").asText());
            try (DaemonClient c = DaemonClient.connect(socket)) {
                assertEquals("too many clients; try again later", JSON.readTree(c.readLine()).get("error").asText());
            }
        }
    }

    @Test
    void status_andReload_overTheSocket() throws Exception {
        Path socket = start("kernel-default", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket)) {
            ask(c, "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}");
            ask(c, "{\"channel\":\"file\"}");
            ask(c, "not json");
            JsonNode s = ask(c, "{\"control\":\"status\"}");
            assertEquals(3, s.get("decisions").asLong());
            assertEquals(2, s.get("denies").asLong(), "the securebits deny and the invalid request");
            assertEquals(1, s.get("invalid").asLong());
            assertTrue(s.get("latency_us").get("p99").asDouble() > 0);
            JsonNode r = ask(c, "{\"control\":\"reload\"}");
            assertTrue(r.get("reloaded").asBoolean(), r.toString());
            assertEquals(2, r.get("generation").asLong());
            assertEquals("unknown control `nap`; expected `status`, `reload` or `reuse`",
                    ask(c, "{\"control\":\"nap\"}").get("error").asText());
        }
    }

    /**
     * docs/DAEMON.md, "Answers a client may reuse": the channels whose allow, for the caller as it is,
     * depends on no fact of the file; a reload tells the connection that holds them to forget them.
     */
    @Test
    void theAllowsNoFileFactDecides_areReusable_untilAReload() throws Exception {
        Path socket = start("kernel-default", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket); DaemonClient other = DaemonClient.connect(socket)) {
            JsonNode all = ask(c, "{\"control\":\"reuse\"}");
            assertEquals(server.status().get("policy").asText(), all.get("policy").asText());
            assertEquals(java.util.Arrays.stream(dev.mayexec.facts.Channel.values()).map(dev.mayexec.facts.Channel::id).sorted().toList(),
                    iterate(all.get("reuse").fieldNames()).stream().sorted().toList(),
                    "without securebits kernel-default allows every channel whatever the file: " + all);
            assertEquals("[\"securebits\"]", all.get("reuse").get("module").toString(), all.toString());
            // under exec-restrict-file the kernel's verdict on the file decides the file channels
            JsonNode restricted = ask(c, "{\"control\":\"reuse\",\"process\":{\"securebits\":[\"exec-restrict-file\"]}}");
            assertEquals(java.util.Arrays.stream(dev.mayexec.facts.Channel.values()).filter(ch -> !ch.isFileChannel())
                    .map(dev.mayexec.facts.Channel::id).sorted().toList(),
                    iterate(restricted.get("reuse").fieldNames()).stream().sorted().toList(), restricted.toString());
            // and with exec-deny-interactive too, the others are denied: nothing is left to reuse
            JsonNode both = ask(c, "{\"control\":\"reuse\",\"process\":{\"securebits\":"
                    + "[\"exec-restrict-file\",\"exec-deny-interactive\"]}}");
            assertTrue(both.get("reuse").isEmpty(), both.toString());
            assertTrue(ask(c, "{\"control\":\"reuse\",\"process\":{\"securebits\":[\"nonsense\"]}}")
                    .get("error").asText().startsWith("no answers to reuse: "));

            JsonNode r = ask(other, "{\"control\":\"reload\"}");
            assertTrue(r.get("reloaded").asBoolean(), r.toString());
            assertEquals("{\"event\":\"invalidate\",\"generation\":2}", c.readLine(),
                    "the connection that holds grants is told, before anything else");
            assertEquals("allow", ask(other, "{\"channel\":\"module\",\"path\":\"/usr/bin/env\"}").get("decision").asText());
        }
    }

    /** A client that holds grants and reads nothing never holds up a reload: its notice waits for its thread. */
    @Test
    void aReload_neverWaitsForAClientThatDoesNotRead() throws Exception {
        Path socket = start("kernel-default", 8, Duration.ofSeconds(30), null);
        try (DaemonClient stuck = DaemonClient.connect(socket); DaemonClient admin = DaemonClient.connect(socket)) {
            assertTrue(ask(stuck, "{\"control\":\"reuse\"}").get("reuse").has("module"));
            byte[] flood = "{\"channel\":\"inline\"}\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) stuck.sendRaw(flood); // answers pile up unread: the daemon's send blocks
                } catch (IOException closed) {
                    // the daemon may cut it off
                }
            });
            Thread.sleep(1500);
            long t = System.nanoTime();
            JsonNode r = ask(admin, "{\"control\":\"reload\"}");
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertTrue(r.get("reloaded").asBoolean(), r.toString());
            assertTrue(ms < 5_000, "the reload waited " + ms + " ms for a client that does not read");
            writer.interrupt();
        }
    }

    @Test
    void aPolicyThatReadsTheFile_orLogsAllows_grantsNothingForIt() throws Exception {
        Path socket = start("example", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket)) {
            JsonNode all = ask(c, "{\"control\":\"reuse\"}");
            assertNull(all.get("reuse").get("file"), "the example's rules read the path: " + all);
        }
        server.close();
        server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                new DecisionServer.Options(socket, tmp.resolve("allows.log"), true, 8, Duration.ofSeconds(30), 65536));
        try (DaemonClient c = DaemonClient.connect(socket)) {
            JsonNode all = ask(c, "{\"control\":\"reuse\"}");
            assertTrue(all.get("reuse").isEmpty(), "with --log-allows every allow is the daemon's to log: " + all);
        }
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void decisionLog_recordsDenies_andSurvivesRotation() throws Exception {
        Path log = tmp.resolve("decisions.log");
        Path socket = start("kernel-default", 8, Duration.ofSeconds(30), log);
        String deny = "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}";
        try (DaemonClient c = DaemonClient.connect(socket)) {
            ask(c, deny);
            ask(c, "{\"channel\":\"file\"}");
            waitFor(() -> Files.exists(log) && lines(log).size() == 1);
            Path rotated = tmp.resolve("decisions.log.1");
            Files.move(log, rotated);
            ask(c, deny);
            waitFor(() -> Files.exists(log) && lines(log).size() == 1);
        }
        JsonNode entry = JSON.readTree(lines(log).getFirst());
        assertEquals("deny", entry.get("decision").asText());
        assertEquals("inline", entry.get("request").get("channel").asText());
        assertTrue(entry.get("time").asText().endsWith("Z"));
        assertEquals(server.status().get("policy").asText(), entry.get("policy").asText());
        assertEquals(1, lines(tmp.resolve("decisions.log.1")).size(), "the allow was not logged");
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) Thread.sleep(50);
        assertTrue(condition.getAsBoolean(), "timed out");
    }

    @Test
    void hostileStrings_getADeny_andTheConnectionGoesOn() throws Exception {
        Path socket = start("example", 8, Duration.ofSeconds(30), null);
        try (DaemonClient c = DaemonClient.connect(socket)) {
            for (String path : List.of("/usr/bin/env\\u0000/x", "/usr/bin/\\ud800env", "/proc/self/cwd/usr/bin/env")) {
                JsonNode d = ask(c, "{\"channel\":\"file\",\"path\":\"" + path + "\"}");
                assertEquals("deny", d.get("decision").asText(), path + ": " + d);
            }
            JsonNode fdWithoutDescriptor = ask(c, "{\"channel\":\"file\",\"fd\":true}");
            assertTrue(fdWithoutDescriptor.toString().contains("no descriptor came with the request"), fdWithoutDescriptor.toString());
            assertEquals("allow", ask(c, "{\"channel\":\"file\",\"path\":\"/usr/bin/env\"}").get("decision").asText(),
                    "the same connection still answers");
        }
    }

    @Test
    void theSocketPath_isReplacedOnlyIfItIsAStaleSocket() throws Exception {
        Path precious = Files.writeString(tmp.resolve("precious"), "not a socket\n");
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> DecisionServer.start(
                Decider.load(Path.of("policies", "example")), LiveFacts.system(), DecisionServer.Options.defaults(precious)));
        assertTrue(refused.getMessage().contains("is not a socket"), refused.getMessage());
        assertEquals("not a socket\n", Files.readString(precious), "the file is untouched");
    }

    @Test
    void theDecisionLog_isNeverOpenedThroughASymlink() throws Exception {
        Path target = Files.writeString(tmp.resolve("target"), "");
        Path log = Files.createSymbolicLink(tmp.resolve("decisions.log"), target);
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> start("example", 8, Duration.ofSeconds(30), log));
        assertEquals("", Files.readString(target));
    }
}
