package dev.mayexec.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The solver's semantics: unknown facts, and the attributes a real request ties together. */
class SolverTest {
    @TempDir
    Path tmp;

    private Analysis analysis(Map<String, Integer> passwd) throws Exception {
        Path dir = TestPolicies.write(tmp, Map.of(
                "policy.yaml", "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n",
                "interpreters/py.yaml", "interpreter: py\nexecutables: [/usr/bin/py*]\n",
                "interpreters/python3.yaml", "interpreter: python3\nexecutables: [/usr/bin/python3]\n"));
        return new Analysis(Pipeline.runUpTo(dir, Pipeline.Stage.CHECK).policy(), passwd, List.of("/usr/bin/perl"));
    }

    private static Formula is(Attribute a, ValueSet v) {
        return Analysis.attr(a, v);
    }

    private static Formula ints(Attribute a, Integer... v) {
        return is(a, IntSet.of(List.of(v)));
    }

    private static Formula strings(Attribute a, String... v) {
        return is(a, Strings.of(v));
    }

    @Test
    void aConditionOnAnUnknownFact_doesNotHold_soItsNegationDoes() throws Exception {
        Analysis an = analysis(Map.of());
        Model m = an.solve(Formula.not(strings(Attribute.USER, "alice"))).orElseThrow();
        assertEquals(null, m.get(Attribute.USER), "the simplest request leaves the user unknown");
        assertFalse(an.satisfiable(Formula.all(an.unknown(Attribute.USER), strings(Attribute.USER, "alice"))));
    }

    @Test
    void theGid_isOneOfTheGroups() throws Exception {
        Analysis an = analysis(Map.of());
        assertFalse(an.satisfiable(Formula.all(ints(Attribute.GID, 5), Formula.not(ints(Attribute.GROUP, 5)))));
        Model m = an.solve(Formula.all(ints(Attribute.GID, 5), ints(Attribute.GROUP, 7))).orElseThrow();
        assertEquals(5, m.get(Attribute.GID));
        assertEquals(List.of(7), m.get(Attribute.GROUP));
    }

    @Test
    void theInterpreter_isTheFirstProfileThatClaimsTheExe() throws Exception {
        Analysis an = analysis(Map.of());
        Formula perl = is(Attribute.EXE, an.paths(List.of(new dev.mayexec.policy.PathPattern.Exact("/usr/bin/perl"))));
        Formula python3 = is(Attribute.EXE, an.paths(List.of(new dev.mayexec.policy.PathPattern.Exact("/usr/bin/python3"))));
        assertFalse(an.satisfiable(Formula.all(strings(Attribute.INTERPRETER, "py"), perl)));
        assertFalse(an.satisfiable(Formula.all(strings(Attribute.INTERPRETER, "python3"), python3)),
                "interpreters/py.yaml comes first and claims /usr/bin/python3");
        assertTrue(an.satisfiable(Formula.all(strings(Attribute.INTERPRETER, "py"), python3)));
        Model claimed = an.solve(strings(Attribute.INTERPRETER, "python3")).orElseThrow();
        assertEquals(null, claimed.get(Attribute.EXE), "with the exe unknown, the request's claim counts");
    }

    @Test
    void aUidHasOneName() throws Exception {
        Analysis plain = analysis(Map.of());
        assertFalse(plain.satisfiable(Formula.all(ints(Attribute.UID, 0), strings(Attribute.USER, "alice"))));
        assertTrue(plain.satisfiable(Formula.all(ints(Attribute.UID, 1000), strings(Attribute.USER, "alice"))));
        Analysis host = analysis(Map.of("alice", 1000));
        assertFalse(host.satisfiable(Formula.all(ints(Attribute.UID, 1001), strings(Attribute.USER, "alice"))));
        assertTrue(host.satisfiable(Formula.all(ints(Attribute.UID, 1001), strings(Attribute.USER, "bob"))));
    }

    @Test
    void theKernel_neverAllowsWhatItsFactsRefuse() throws Exception {
        Analysis an = analysis(Map.of());
        assertFalse(an.satisfiable(Formula.all(strings(Attribute.KERNEL_CHECK, "allow"), strings(Attribute.NOEXEC, "true"))));
        Formula unknownVerdict = Formula.all(Formula.not(strings(Attribute.KERNEL_CHECK, "allow")),
                Formula.not(strings(Attribute.KERNEL_CHECK, "deny")));
        assertFalse(an.satisfiable(Formula.all(unknownVerdict, strings(Attribute.FILE_TYPE, "fifo"))),
                "a fifo fails the check, so its verdict is never unknown");
        assertTrue(an.satisfiable(Formula.all(unknownVerdict, strings(Attribute.FILE_TYPE, "regular"))));
    }

    @Test
    void examples_replayOnTheEnginesFacts() throws Exception {
        Analysis an = analysis(Map.of());
        Formula f = Formula.all(Analysis.channel(Channel.STDIN), strings(Attribute.STDIN_TTY, "true"),
                Formula.not(strings(Attribute.FILE_TYPE, "char")), ints(Attribute.UID, 0),
                Formula.not(strings(Attribute.CAPABILITY, "dac_override")));
        String json = an.example(f).orElseThrow();
        assertTrue(an.replays(f, json), json);
        assertTrue(json.contains("\"capabilities\":[]") && json.contains("\"file\":{}"), json);
        assertFalse(an.replays(f, "{\"channel\":\"stdin\",\"process\":{\"uid\":0,\"stdin_tty\":true}}"),
                "without them, root holds every capability and the terminal stands in for the file");
    }
}
