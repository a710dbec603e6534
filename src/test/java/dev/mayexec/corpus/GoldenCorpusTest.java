package dev.mayexec.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.Reason;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleBases;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.facts.Request;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden corpus in {@code compiler-tests/}. Each case is a directory:
 *
 * <ul>
 *   <li>{@code policy/}: the policy in;
 *   <li>{@code requests.jsonl}: {@code {"note", "want", "want_reasons", "request"}} per line, where
 *       {@code want} is {@code allow}, {@code deny} or {@code audit} (a deny not enforced) and
 *       {@code want_reasons} lists {@code code} or {@code code:rule} of every reason, in order;
 *   <li>{@code expected.drl} and {@code expected-decisions.jsonl}: the generated DRL and decisions;
 *   <li>or, for an invalid policy, {@code expected-diagnostics.txt}: one diagnostic per line.
 * </ul>
 *
 * Every case is decided twice: by the rule base compiled from the DRL, and by the same rule base kept in
 * a {@link RuleBases} store and read back (a one-off command's path); the answers must be the same.
 * The {@code want} fields are written by hand; the {@code expected*} files are snapshots, rewritten
 * with {@code bin/test -Dtest=GoldenCorpusTest -Dmayexec.golden.update=true} and reviewed in the diff.
 */
class GoldenCorpusTest {
    static final Path CORPUS = Path.of("compiler-tests");
    private static final boolean UPDATE = Boolean.getBoolean("mayexec.golden.update");
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> Files.isDirectory(p.resolve("policy"))).sorted().toList();
        }
    }

    @Test
    void corpus_hasAtLeast25Cases() throws IOException {
        assertTrue(cases().size() >= 25, "the corpus has " + cases().size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> run(c)));
    }

    private static void run(Path c) throws IOException, PolicyException {
        Pipeline.Result result;
        try {
            result = Pipeline.run(c.resolve("policy"));
        } catch (PolicyException e) {
            String got = e.diagnostics().stream()
                    .map(d -> d + (d.help() == null ? "" : "\n    help: " + d.help()))
                    .collect(Collectors.joining("\n", "", "\n"));
            golden(c.resolve("expected-diagnostics.txt"), got);
            assertFalse(Files.exists(c.resolve("expected.drl")), c + ": the policy was expected to compile");
            return;
        }
        assertFalse(Files.exists(c.resolve("expected-diagnostics.txt")) && !UPDATE,
                c + ": the policy compiled, but diagnostics were expected");
        golden(c.resolve("expected.drl"), result.compiled().drl());
        assertEquals(result.compiled().drl(), Pipeline.run(c.resolve("policy")).compiled().drl(),
                "compiling twice gives the same DRL");
        RuleEngine engine = result.engine();
        // the same rule base as a one-off command loads it: kept in a store, then read back
        RuleBases store = RuleBases.in(Files.createTempDirectory("mayexec-store"));
        RuleEngine.build(result.compiled(), store);
        RuleEngine stored = RuleEngine.build(result.compiled(), store);
        assertTrue(stored.loaded(), c + ": the store was not read");
        List<String> decisions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(c.resolve("requests.jsonl"))) {
            if (line.isBlank()) continue;
            n++;
            JsonNode example = JSON.readTree(line);
            Request request;
            try {
                request = RequestJson.parse(JSON.writeValueAsString(example.get("request")));
            } catch (dev.mayexec.json.RequestException e) {
                fail(c + " request " + n + ": " + e.getMessage());
                return;
            }
            Decision d = engine.decide(request);
            decisions.add(DecisionJson.write(d));
            assertEquals(decisions.getLast(), DecisionJson.write(stored.decide(request)),
                    c + " request " + n + ": the stored rule base decides otherwise");
            String want = example.path("want").asText();
            String got = d.decision() == Decision.Outcome.ALLOW ? "allow" : d.enforced() ? "deny" : "audit";
            if (!want.equals(got)) {
                failures.add("request " + n + " (" + example.path("note").asText() + "): want " + want + ", got " + got
                        + " " + d.reasons());
            }
            if (example.has("want_reasons")) {
                List<String> wantReasons = new ArrayList<>();
                example.get("want_reasons").forEach(r -> wantReasons.add(r.asText()));
                List<String> gotReasons = d.reasons().stream().map(GoldenCorpusTest::label).toList();
                if (!wantReasons.equals(gotReasons)) {
                    failures.add("request " + n + " (" + example.path("note").asText() + "): want reasons "
                            + wantReasons + ", got " + gotReasons);
                }
            }
        }
        assertTrue(n > 0, c + " lists no request");
        assertTrue(failures.isEmpty(), c + ":\n" + String.join("\n", failures));
        golden(c.resolve("expected-decisions.jsonl"), String.join("\n", decisions) + "\n");
    }

    private static String label(Reason r) {
        return r.rule() == null ? r.code() : r.code() + ":" + r.rule();
    }

    private static void golden(Path file, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(file, actual);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing; run with -Dmayexec.golden.update=true and review it");
        assertEquals(Files.readString(file), actual, file + " differs");
    }
}
