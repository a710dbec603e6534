package dev.mayexec.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.bench.DecisionLogGenerator;
import dev.mayexec.json.RequestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mayexec replay}: a generated log of the example policy, replayed under the same policy (no
 * change) and under one that narrows alice's rule (exactly the lines it breaks, counted here by
 * deciding each line's facts directly), with lines it must skip or refuse to read.
 */
class ReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path log(int lines) throws Exception {
        Path log = tmp.resolve("decisions.log");
        DecisionLogGenerator.write(TestPolicies.shipped("example"), lines, log, 500, 7);
        return log;
    }

    private static Replay.Report replay(Decider mx, Path log) throws Exception {
        Replay r = new Replay(mx);
        int n = 0;
        for (String line : Files.readAllLines(log)) r.line(line, log + ":" + ++n);
        return r.report();
    }

    @Test
    void samePolicy_changesNothing() throws Exception {
        Replay.Report r = replay(TestPolicies.shipped("example"), log(2000));
        assertEquals(2000, r.lines());
        assertEquals(2000, r.replayed());
        assertEquals(0, r.allowToDeny());
        assertEquals(0, r.denyToAllow());
        assertEquals(Map.of(), r.groups());
    }

    @Test
    void narrowedRule_countsExactlyTheLinesItBreaks_groupedByCause() throws Exception {
        Path log = log(3000);
        Path narrowed = narrowedExample();
        Decider newer = Decider.load(narrowed, 0);
        Replay.Report r = replay(newer, log);
        long breaks = 0;
        for (String line : Files.readAllLines(log)) {
            JsonNode e = JSON.readTree(line);
            boolean ran = e.get("decision").asText().equals("allow") || !e.get("enforced").asBoolean();
            if (ran && newer.decide(RequestJson.parse(e.get("facts"))).denied()) breaks++;
        }
        assertTrue(breaks > 0, "the generated log has alice's scripts outside /home/alice/bin");
        assertEquals(breaks, r.allowToDeny());
        Replay.Group g = r.groups().keySet().iterator().next();
        assertTrue(g.ranBefore() && !g.runsNow());
        assertEquals("rule.allow:alice-own-scripts", g.oldCause());
        assertTrue(r.groups().values().iterator().next().examples().size() <= Replay.EXAMPLES);
        assertTrue(r.unexercised().stream().noneMatch(u -> u.startsWith("system-code ")), r.unexercised().toString());
    }

    private Path narrowedExample() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("narrowed"));
        try (var files = Files.walk(Path.of("policies/example"))) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(Path.of("policies/example").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.writeString(to, Files.readString(p).replace("{under: /home/alice}", "{under: /home/alice/bin}"));
            }
        }
        return dir;
    }

    @Test
    void linesWithoutFacts_invocations_andUnreadableLines_areCountedNeverGuessed() throws Exception {
        Path log = tmp.resolve("odd.log");
        Files.write(log, List.of(
                "{\"decision\":\"deny\",\"enforced\":true,\"reasons\":[{\"code\":\"request.refused\"}]}",
                "{\"decision\":\"allow\",\"enforced\":true,\"facts\":{\"argv\":[\"sh\",\"-c\",\"id\"]}}",
                "not json",
                "{\"decision\":\"allow\",\"facts\":{\"channel\":\"file\",\"file\":{\"path\":\"relative\"}}}",
                "{\"decision\":\"allow\",\"facts\":{\"channel\":\"filez\"}}"));
        Replay.Report r = replay(TestPolicies.shipped("example"), log);
        assertEquals(5, r.lines());
        assertEquals(2, r.skipped().values().stream().mapToLong(Long::longValue).sum(), r.skipped().toString());
        assertEquals(2, r.invalid(), r.invalidShown().toString());
        assertTrue(r.invalidShown().getFirst().startsWith(log + ":3: not JSON"), r.invalidShown().toString());
        assertEquals(1, r.replayed(), "a relative path is a request, which the engine denies as invalid");
        assertEquals(1, r.allowToDeny());
    }

    @Test
    void newFactsTheLogNeverKept_areNamed() throws Exception {
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: reads-sha
                defaults: %s
                rules:
                  - id: pinned
                    effect: deny
                    channels: [file]
                    when: {sha256: "0000000000000000000000000000000000000000000000000000000000000000"}
                """.formatted(TestPolicies.ALL_ALLOW)));
        Replay.Report r = replay(Decider.load(policy, 0), log(50));
        assertTrue(r.unlogged().contains("`sha256` (file.sha256)"), r.unlogged().toString());
    }
}
