package dev.mayexec.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.json.RequestJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mayexec diff} on the golden cases of {@code compiler-tests/diff/}: each holds an {@code old/}
 * and a {@code new/} policy, a README whose {@code want:} line says what the diff must find
 * ({@code no change}, how many regions, or {@code undecided}: the analysis gives up and must say so), and {@code expected.txt}, the text report
 * ({@code -Dmayexec.golden.update=true} rewrites it). Every example shown is decided again here, on
 * both engines, and must really differ (for an audit-only region: in its decision, while the code runs under both).
 */
class DiffCorpusTest {
    private static final Path CORPUS = Path.of("compiler-tests/diff");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<String> cases() throws Exception {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diff_findsWhatTheCaseWants_andEveryExampleReallyDiffers(String name) throws Exception {
        Path dir = CORPUS.resolve(name);
        Decider older = Decider.load(dir.resolve("old"), 0);
        Decider newer = Decider.load(dir.resolve("new"), 0);
        PolicyDiff.Result r = PolicyDiff.diff(older, newer);
        String want = Files.readAllLines(dir.resolve("README")).stream().filter(l -> l.startsWith("want: ")).findFirst()
                .orElseThrow().substring("want: ".length());
        assertEquals(want.equals("undecided"), !r.undecided().isEmpty(), name + ": " + r.undecided());
        if (want.equals("undecided")) {
            assertFalse(r.noChange(), name);
            assertTrue(DiffReport.summary(r).contains("not decided everywhere"), DiffReport.summary(r));
        } else if (want.equals("no change")) {
            assertTrue(r.noChange(), name + ": " + r.regions());
        } else {
            assertEquals(Integer.parseInt(want.split(" ")[0]), r.regions().size(), name + ": " + r.regions());
        }
        for (PolicyDiff.Region x : r.regions()) {
            assertNotNull(x.example(), name + ": " + x);
            Decision o = older.decide(RequestJson.parse(x.example()));
            Decision n = newer.decide(RequestJson.parse(x.example()));
            if (x.auditOnly()) { // the code runs under both; only the decision changes
                assertFalse(o.denied() || n.denied(), name + ": " + x.example());
                assertEquals(x.allowed(), n.decision() == Decision.Outcome.ALLOW, name + ": NEW on " + x.example());
                assertEquals(x.allowed(), o.decision() == Decision.Outcome.DENY, name + ": OLD on " + x.example());
                continue;
            }
            assertEquals(x.allowed(), o.denied(), name + ": OLD on " + x.example());
            assertEquals(x.allowed(), !n.denied(), name + ": NEW on " + x.example());
            assertEquals(x.channel(), o.channel());
        }
        StringWriter text = new StringWriter();
        DiffReport.text(r, "old", "new", new PrintWriter(text, true));
        String got = text.toString().replaceAll("sha256:[0-9a-f]+", "sha256:…");
        Path expected = dir.resolve("expected.txt");
        if (Boolean.getBoolean("mayexec.golden.update")) Files.writeString(expected, got);
        assertEquals(Files.readString(expected), got, name + ": -Dmayexec.golden.update=true rewrites expected.txt");
    }

    @Test
    void formats_markdownAndJsonCarryTheSameRegions() throws Exception {
        Path dir = CORPUS.resolve("one-char-uid");
        PolicyDiff.Result r = PolicyDiff.diff(Decider.load(dir.resolve("old"), 0), Decider.load(dir.resolve("new"), 0));
        JsonNode json = DiffReport.json(r);
        assertFalse(json.get("no_change").asBoolean());
        assertEquals("newly-denied", json.get("regions").get(0).get("change").asText());
        assertEquals("system-accounts", json.get("regions").get(0).get("old").get("rule").asText());
        assertEquals("file", json.get("regions").get(0).get("example").get("channel").asText());
        StringWriter md = new StringWriter();
        DiffReport.markdown(r, "old", "new", new PrintWriter(md, true));
        assertTrue(md.toString().contains("| `file` | **newly denied** |"), md.toString());
    }

    @Test
    void examplePolicy_againstItself_noChange() {
        Decider mx = TestPolicies.shipped("example");
        assertTrue(PolicyDiff.diff(mx, mx).noChange());
    }

    @Test
    void differentInterpreterProfiles_areNotDecided_andNoChangeIsNotClaimed() throws Exception {
        String policy = "name: p\ndefaults: " + TestPolicies.ALL_ALLOW + "\n";
        Path a = TestPolicies.write(tmp, Map.of("policy.yaml", policy));
        Path b = TestPolicies.write(tmp, Map.of("policy.yaml", policy, "interpreters/python3.yaml",
                "interpreter: python3\nexecutables: [/opt/py/bin/python3]\n"));
        PolicyDiff.Result r = PolicyDiff.diff(Decider.load(a, 0), Decider.load(b, 0));
        assertFalse(r.noChange());
        assertTrue(r.undecided().getFirst().contains("interpreter profiles"), r.undecided().toString());
        assertTrue(DiffReport.summary(r).contains("not decided everywhere"), DiffReport.summary(r));
    }
}
