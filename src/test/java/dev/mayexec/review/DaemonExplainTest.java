package dev.mayexec.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestJson;
import dev.mayexec.server.DaemonClient;
import dev.mayexec.server.DecisionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's side of explain and replay, over a real socket: a deny's answer carries a command
 * that explains it (run here as a shell would, and decided alike), and its log line keeps the
 * facts in the form {@code decide} reads, which decide again to the logged decision.
 */
class DaemonExplainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aDeny_pointsToExplain_andItsLogLineReplays() throws Exception {
        Path denied = Files.createDirectories(tmp.resolve("denied"));
        // a quote for the shell, a backslash for JSON's escapes (which an `echo` would read as its own)
        Path script = Files.writeString(denied.resolve("it's\\n.py"), "print(1)\n");
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: daemon-explain
                defaults: {file: allow, module: allow, library: allow, config: allow, stdin: allow, inline: allow, interactive: allow, environment: allow}
                rules:
                  - id: nothing-from-denied
                    effect: deny
                    channels: [file]
                    when: {path: {under: %s}}
                """.formatted(denied)));
        Path socket = tmp.resolve("mx.sock");
        Path log = tmp.resolve("decisions.log");
        Decider mx = Decider.load(policy);
        JsonNode answer;
        try (DecisionServer server = DecisionServer.start(mx, LiveFacts.system(),
                new DecisionServer.Options(socket, log, true, 8, Duration.ofSeconds(30), 65536));
                DaemonClient c = DaemonClient.connect(socket)) {
            answer = JSON.readTree(c.ask("{\"channel\":\"file\",\"path\":" + JSON.getNodeFactory().textNode(script.toString())
                    + "}"));
            JsonNode allowed = JSON.readTree(c.ask("{\"channel\":\"file\",\"path\":\"/usr/bin/env\"}"));
            assertFalse(allowed.has("explain"), "an allow needs no explaining: " + allowed);
        }
        assertEquals("deny", answer.get("decision").asText(), answer.toString());
        String command = answer.get("explain").asText();
        assertTrue(command.endsWith(" | mayexec explain --policy '" + policy.toAbsolutePath() + "'"), command);

        // the command's first word, as a POSIX shell reads it, is a request the explanation decides alike
        Process echo = new ProcessBuilder("sh", "-c", command.substring(0, command.indexOf(" | mayexec")))
                .redirectErrorStream(true).start();
        String facts = new String(echo.getInputStream().readAllBytes()).strip();
        assertEquals(0, echo.waitFor(), facts);
        Explanation e = new Explainer(mx).explain(RequestJson.parse(facts));
        assertEquals(Decision.Outcome.DENY, e.decision().decision());
        assertEquals(List.of("nothing-from-denied"), e.matched().stream().map(Explanation.Matched::rule).toList());

        // the log: RFC 3339 time, the peer, the policy, and facts that decide again to what was logged
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), "--log-allows: both");
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            OffsetDateTime.parse(entry.get("time").asText()); // RFC 3339 (ISO 8601 with an offset) or it throws
            assertEquals(ProcessHandle.current().pid(), entry.get("peer").get("pid").asLong());
            assertEquals(mx.policyHash(), entry.get("policy").asText());
            Decision again = mx.decide(RequestJson.parse(entry.get("facts").toString()));
            assertEquals(entry.get("decision").asText(), again.decision().id(), line);
            assertEquals(entry.get("reasons"), JSON.readTree(DecisionJson.write(again)).get("reasons"), line);
            assertFalse(entry.get("facts").path("file").has("ino"), "the file's identity only keys the cache: " + line);
        }
    }
}
