package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads under load lose nothing: clients send a fixed number of requests while the policy is
 * swapped back and forth (and a broken one is offered), and every request gets exactly one answer,
 * made by a whole policy (its hash is one of the two) and consistent with that policy.
 */
class ReloadUnderLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int REQUESTS = 1500;

    @TempDir
    Path tmp;

    @Test
    void everyRequestIsAnswered_byAWholePolicy() throws Exception {
        String allowInline = "name: swap\ndefaults: " + TestPolicies.ALL_ALLOW + "\n";
        String denyInline = "name: swap\ndefaults: " + TestPolicies.ALL_ALLOW.replace("inline: allow", "inline: deny") + "\n";
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", allowInline));
        Decider mx = Decider.load(dir);
        String allowHash = mx.policyHash();
        // known before any reload: a client may be answered by a new policy before reload() returns
        String denyHash = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", denyInline)), 0).policyHash();
        Path socket = tmp.resolve("mx.sock");
        Map<String, String> expected = Map.of(allowHash, "allow", denyHash, "deny");
        AtomicInteger answers = new AtomicInteger();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DecisionServer server = DecisionServer.start(mx, LiveFacts.system(),
                new DecisionServer.Options(socket, null, false, 16, Duration.ofSeconds(30), 65536))) {
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                clients.add(pool.submit(() -> {
                    try (DaemonClient c = DaemonClient.connect(socket)) {
                        for (int i = 0; i < REQUESTS; i++) {
                            JsonNode d = JSON.readTree(c.ask("{\"channel\":\"inline\"}"));
                            answers.incrementAndGet();
                            String want = expected.get(d.get("policy").asText());
                            if (want == null || !want.equals(d.get("decision").asText())) wrong.add(d.toString());
                        }
                    }
                    return null;
                }));
            }
            Set<String> generations = new java.util.HashSet<>();
            for (int r = 0; r < 8; r++) {
                Files.writeString(dir.resolve("policy.yaml"), r % 2 == 0 ? denyInline : allowInline);
                JsonNode ok = server.reload();
                assertTrue(ok.get("reloaded").asBoolean(), ok.toString());
                assertEquals(r % 2 == 0 ? denyHash : allowHash, ok.get("policy").asText());
                generations.add(ok.get("policy").asText());
                Files.writeString(dir.resolve("policy.yaml"), "name: swap\ndefaults: {file: broken}\n");
                assertTrue(!server.reload().get("reloaded").asBoolean(), "a broken policy is rejected");
            }
            for (Future<?> f : clients) f.get();
            pool.shutdown();
            assertEquals(2, generations.size());
            assertEquals(8, server.status().get("reloads").get("ok").asLong());
            assertEquals(8, server.status().get("reloads").get("failed").asLong());
        }
        assertEquals(CLIENTS * REQUESTS, answers.get(), "every request was answered");
        assertEquals(List.of(), wrong, "no answer came from a half-loaded or unknown policy");
    }
}
