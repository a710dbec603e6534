package dev.mayexec.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.json.RequestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mayexec explain}: the account of the demo's ten decisions (a snapshot), a why-not that
 * names the failing condition and the request's value for every kind of condition, and agreement
 * with the engine on every request of the golden corpus.
 */
class ExplainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SNAPSHOT = Path.of("src/test/resources/review/explain-demo.txt");

    @TempDir
    Path tmp;

    private static Decider whynot() throws PolicyException {
        return Decider.load(Path.of("src/test/resources/review/whynot"), 0);
    }

    private static Explanation explain(Decider mx, String request) throws Exception {
        return new Explainer(mx).explain(RequestJson.parse(request));
    }

    /* ------- the demo's ten requests ------- */

    @Test
    void demo_matchesTheSnapshot() throws Exception {
        Explainer explainer = new Explainer(TestPolicies.shipped("example"));
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        int i = 0;
        for (JsonNode example : demo()) {
            out.printf("%d. %s%n", ++i, example.get("note").asText());
            ExplainText.write(explainer.explain(RequestJson.parse(example.get("request").toString())), out, "  ");
        }
        out.flush();
        assertEquals(10, i);
        // the hash moves with every shipped profile; the account must not
        String got = text.toString().replaceAll("sha256:[0-9a-f]+…?", "sha256:…");
        if (Boolean.getBoolean("mayexec.golden.update")) Files.writeString(SNAPSHOT, got);
        assertEquals(Files.readString(SNAPSHOT), got, "bin/test -Dtest=ExplainerTest -Dmayexec.golden.update=true rewrites it");
    }

    private static List<JsonNode> demo() throws IOException {
        try (InputStream in = ExplainerTest.class.getResourceAsStream("/dev/mayexec/cli/demo.jsonl")) {
            List<JsonNode> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!l.isBlank()) out.add(JSON.readTree(l));
            }
            return out;
        }
    }

    @Test
    void demo_aliceInTmp_namesTheFailedPathOfHerOwnRule() throws Exception {
        JsonNode tmpScript = demo().get(2).get("request");
        Explanation e = explain(TestPolicies.shipped("example"), tmpScript.toString());
        Explanation.Candidate own = e.whyNot().stream().filter(c -> c.rule().equals("alice-own-scripts")).findFirst()
                .orElseThrow();
        assertEquals(List.of(new Explanation.Failure("path", "`path` under /home/alice", "`/tmp/x.py`",
                own.failures().getFirst().source())), own.failures());
        assertTrue(own.source().startsWith("users/alice.yaml:"), own.source());
    }

    /* ------- why not, for each kind of condition ------- */

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("an exact path", "{\"channel\":\"file\",\"file\":{\"path\":\"/opt/tool/other.sh\"}}",
                        "exact-path", "path", "`path` = /opt/tool/run.sh", "`/opt/tool/other.sh`"),
                Arguments.of("a directory", "{\"channel\":\"file\",\"file\":{\"path\":\"/srv/other/x.sh\",\"uid\":0}}",
                        "under-path", "path", "`path` under /srv/scripts", "`/srv/other/x.sh`"),
                Arguments.of("a glob", "{\"channel\":\"module\",\"file\":{\"path\":\"/opt/lib/sub/m.py\"}}",
                        "glob-path", "path", "`path` matching /opt/lib/*.py", "`/opt/lib/sub/m.py`"),
                Arguments.of("an id range", "{\"channel\":\"library\",\"process\":{\"uid\":2000}}",
                        "uid-range", "uid", "`uid` between 1000 and 1999", "`2000`"),
                Arguments.of("an unknown id", "{\"channel\":\"library\",\"process\":{}}",
                        "uid-range", "uid", "`uid` between 1000 and 1999",
                        "no `uid` (unknown; a condition on an unknown fact never holds)"),
                Arguments.of("a group", "{\"channel\":\"config\",\"process\":{\"gid\":100,\"groups\":[27]}}",
                        "wheel-group", "group", "`group` to include 10", "`[27, 100]`"),
                Arguments.of("mode bits", "{\"channel\":\"stdin\",\"file\":{\"type\":\"regular\",\"mode\":\"0666\"}}",
                        "not-writable", "mode", "`mode` with none of 0022 set", "`0666`"),
                Arguments.of("a service scope", "{\"channel\":\"environment\",\"process\":{\"service\":\"db.service\"}}",
                        "web-environment", "service", "to be for service `web.service` (its file's scope)", "`db.service`"),
                Arguments.of("the kernel's verdict", "{\"channel\":\"library\",\"process\":{\"uid\":0},"
                        + "\"file\":{\"path\":\"/x.so\",\"type\":\"regular\",\"mode\":\"0644\",\"uid\":0,\"gid\":0,"
                        + "\"mount\":{\"noexec\":true}}}",
                        "kernel-allows", "kernel-check", "`kernel-check` to be `allow`", "`deny`"),
                Arguments.of("an unless block", "{\"channel\":\"inline\",\"process\":{\"uid\":0,\"service\":\"cron.service\"}}",
                        "root-except-cron", "unless", "its `unless` block not to hold",
                        "the block holds: `service` to be `cron.service` (has `cron.service`)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void whyNot_namesTheFailedConditionAndTheRequestsValue(String kind, String request, String rule, String condition,
            String needs, String has) throws Exception {
        Explanation e = explain(whynot(), request);
        assertEquals(Decision.Outcome.DENY, e.decision().decision(), kind);
        Explanation.Candidate c = e.whyNot().stream().filter(x -> x.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " is not among the closest: " + e.whyNot()));
        Explanation.Failure f = c.failures().stream().filter(x -> x.condition().equals(condition)).findFirst()
                .orElseThrow(() -> new AssertionError(condition + " is not among the failures: " + c.failures()));
        assertEquals(needs, f.needs(), kind);
        assertEquals(has, f.has(), kind);
        assertTrue(f.source().startsWith("policy.yaml:") || f.source().startsWith("services/"), f.source());
    }

    @Test
    void whyNot_securebits_anObligationOverridesTheAllowThatMatched() throws Exception {
        Explanation e = explain(whynot(), "{\"channel\":\"inline\",\"process\":{\"uid\":0,"
                + "\"securebits\":[\"exec-deny-interactive\"]}}");
        assertEquals(Decision.Outcome.DENY, e.decision().decision());
        assertEquals(List.of("securebits.deny-interactive"), e.obligations().stream().map(Reason::code).toList());
        assertEquals(List.of(), e.whyNot().getFirst().failures(), "root-except-cron matched; only the obligation denies");
        assertTrue(e.combined().contains("`securebits.deny-interactive`"), e.combined());
        assertTrue(e.facts().contains(new Explanation.Fact("securebits", "exec-deny-interactive", "given")), e.facts().toString());
    }

    @Test
    void allow_hasNoWhyNot_andNamesTheRule() throws Exception {
        Explanation e = explain(whynot(), "{\"channel\":\"file\",\"file\":{\"path\":\"/opt/tool/run.sh\"}}");
        assertEquals(Decision.Outcome.ALLOW, e.decision().decision());
        assertEquals(List.of("exact-path"), e.matched().stream().map(Explanation.Matched::rule).toList());
        assertEquals(List.of(), e.whyNot());
        assertNull(e.defaultApplied());
    }

    @Test
    void invocation_explainsEachPart() throws Exception {
        Explanation e = explain(TestPolicies.shipped("example"), "{\"argv\":[\"sh\",\"-c\",\"id\"],"
                + "\"process\":{\"exe\":\"/usr/bin/dash\",\"service\":\"nginx.service\",\"uid\":33}}");
        assertEquals(1, e.parts().size());
        Explanation part = e.parts().getFirst().explanation();
        assertEquals("inline", part.decision().channel().id());
        assertEquals(List.of("nginx-never-interprets"), part.matched().stream().map(Explanation.Matched::rule).toList());
        assertTrue(e.combined().startsWith("an invocation is allowed only if every part is"), e.combined());
    }

    @Test
    void invalidRequest_isExplainedAsARefusal() throws Exception {
        Explanation e = explain(whynot(), "{\"channel\":\"file\",\"file\":{\"path\":\"relative/x\"}}");
        assertEquals(Decision.Outcome.DENY, e.decision().decision());
        assertTrue(e.refused().contains("not absolute"), e.refused());
    }

    /* ------- live facts ------- */

    @Test
    void live_marksCollectedFactsAndTheKernelsVerdict() throws Exception {
        Path script = Files.writeString(tmp.resolve("s.sh"), "echo hi\n");
        long self = ProcessHandle.current().pid();
        Explanation e = new Explainer(whynot()).explain(RequestJson.parse("{\"channel\":\"file\",\"pid\":" + self
                + ",\"path\":\"" + script + "\"}"), LiveFacts.system());
        assertTrue(e.facts().contains(new Explanation.Fact("path", script.toString(), "given")), e.facts().toString());
        Explanation.Fact kernel = e.facts().stream().filter(f -> f.name().equals("kernel verdict")).findFirst().orElseThrow();
        assertEquals("collected", kernel.origin(), "AT_EXECVE_CHECK on the real file");
        assertTrue(e.request().contains("\"kernel_check\""), e.request());
    }

    /* ------- agreement with the engine ------- */

    @Test
    void corpus_everyRuleThatDecidedIsAmongTheMatched_andEveryDenyHasACause() throws Exception {
        int checked = 0;
        try (Stream<Path> dirs = Files.list(Path.of("compiler-tests"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path requests = dir.resolve("requests.jsonl");
                if (!Files.exists(requests)) continue;
                Decider mx;
                try {
                    mx = Decider.load(dir.resolve("policy"), 0);
                } catch (PolicyException invalid) {
                    continue; // the invalid-policy cases
                }
                Explainer explainer = new Explainer(mx);
                for (String line : Files.readAllLines(requests)) {
                    if (line.isBlank()) continue;
                    JsonNode case_ = JSON.readTree(line);
                    JsonNode r = case_.has("request") ? case_.get("request") : case_;
                    Explanation e = explainer.explain(RequestJson.parse(r.toString()));
                    if (e.parts() != null || e.refused() != null) continue;
                    List<String> matched = e.matched().stream().map(Explanation.Matched::rule).toList();
                    for (Reason reason : e.decision().reasons()) {
                        if (reason.code().startsWith("rule.")) {
                            assertTrue(matched.contains(reason.rule()), dir + ": " + line + " decided by " + reason.rule()
                                    + ", explained as matching " + matched);
                        }
                    }
                    if (e.decision().decision() == Decision.Outcome.ALLOW && e.defaultApplied() == null) {
                        assertTrue(e.matched().stream().anyMatch(m -> m.effect().equals("allow")), dir + ": " + line);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " requests checked");
    }
}
