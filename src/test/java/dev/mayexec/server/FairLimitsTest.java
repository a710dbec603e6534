package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: one unprivileged user held every client slot (a byte every 20 s reset the idle timeout),
 * and root's requests were refused. Here a real unprivileged user ({@code setpriv}) trickles bytes
 * into more connections than it may hold, while root and another user still get answers.
 */
class FairLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HOG = 2013;
    private static final int OTHER = 2014;
    private static final String DENY = "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}";

    @TempDir
    Path tmp;

    private DecisionServer server;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        RootOnly.assume(true, "FairLimitsTest", "setpriv to other users");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = tmp.resolve("mx.sock");
        // 6 ordinary slots, 2 per user, 2 more for root, 2 for control lines; a request has 8 s from its first byte
        server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                new DecisionServer.Options(socket, null, false, 6, Duration.ofSeconds(8), 65536)
                        .withLimits(new DecisionServer.Limits(6, 2, 2, 2)));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void aUserHoggingSlots_getsItsShare_andRootAndOthersAreStillAnswered() throws Exception {
        Process hog = new ProcessBuilder("setpriv", "--reuid=" + HOG, "--regid=" + HOG, "--clear-groups", "/usr/bin/python3", "-I",
                Path.of("src/test/resources/attack/hog.py").toAbsolutePath().toString(), socket.toString(), "6", "0.3", "30")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(hog.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("connected", out.readLine());
            // while the hog holds its two slots and one control slot: root fills the rest and its reserve
            List<DaemonClient> roots = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    DaemonClient c = DaemonClient.connect(socket);
                    roots.add(c);
                    JsonNode d = JSON.readTree(c.ask(DENY));
                    assertEquals("deny", d.path("decision").asText(), "root's connection " + i + ": " + d);
                }
                // every ordinary slot and root's reserve taken: another user still gets a status line
                String other = asOther("{\"control\":\"status\"}");
                assertTrue(other.contains("\"policy\""), "a control line is answered on a full daemon: " + other);
                assertTrue(asOther(DENY).contains("too many clients"), "a decision is not: a control slot takes control lines only");
            } finally {
                for (DaemonClient c : roots) c.close();
            }
            JsonNode got = JSON.readTree(out.readLine());
            assertTrue(hog.waitFor(30, TimeUnit.SECONDS));
            List<String> answers = new ArrayList<>();
            got.forEach(a -> answers.add(a.asText()));
            assertEquals(3, answers.stream().filter(a -> a.contains("too many clients")).count(), answers.toString());
            // a byte every 0.3 s did not keep them: the request had 8 s (5 s on a control slot) from its first byte
            assertEquals(3, answers.stream().filter(a -> a.contains("request not complete")).count(), answers.toString());
        } finally {
            hog.destroyForcibly();
        }
        try (DaemonClient c = DaemonClient.connect(socket)) {
            assertEquals("deny", JSON.readTree(c.ask(DENY)).get("decision").asText(), "every slot came back");
        }
        for (int i = 0; i < 200 && server.status().get("clients").get("active").asInt() > 0; i++) Thread.sleep(50);
        assertEquals(0, server.status().get("clients").get("active").asInt(), "no slot is left held");
    }

    private String asOther(String line) throws Exception {
        String client = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); "
                + "s.sendall(sys.argv[2].encode() + b'\\n'); print(s.makefile().readline().strip())";
        Process p = new ProcessBuilder("setpriv", "--reuid=" + OTHER, "--regid=" + OTHER, "--clear-groups", "/usr/bin/python3",
                "-c", client, socket.toString(), line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
