package dev.mayexec.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.bench.LintPolicyGenerator;
import dev.mayexec.lint.LintChecks;
import dev.mayexec.lint.LintFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shortcuts that make linting scale give the answers the solver gives on the whole formulas,
 * for every pair of rules of every lint fixture, the shipped example and a generated fleet: the
 * index leaves out no rule that meets, the per-channel bits decide meeting and covering as the
 * solver does, and lazy coverage by a list of rules agrees with the disjunction of them all.
 */
class RuleIndexTest {
    @TempDir
    Path tmp;

    @Test
    void shortcuts_agreeWithTheSolver_onEveryPairOfRules() throws Exception {
        List<Path> policies = new ArrayList<>();
        for (var check : LintChecks.ALL) {
            for (LintFixtures.Fixture f : LintFixtures.of(check.id())) policies.add(f.policy());
        }
        policies.add(Path.of("policies", "example"));
        policies.add(LintPolicyGenerator.write(tmp.resolve("fleet"), 120));
        int pairs = 0;
        int meeting = 0;
        for (Path p : policies) {
            Analysis an;
            try {
                an = new Analysis(Pipeline.runUpTo(p, Pipeline.Stage.CHECK).policy(), Map.of(), List.of());
            } catch (dev.mayexec.diag.PolicyException e) {
                continue; // fixtures of load and check errors
            }
            for (Analysis.Ref a : an.rules()) {
                for (Analysis.Ref b : an.rules()) {
                    String what = p + ": " + a.id() + " and " + b.id();
                    boolean meet = an.satisfiable(Formula.all(an.matches(a), an.matches(b)));
                    if (meet) {
                        meeting++;
                        assertTrue(an.meeting(a).contains(b), what + " meet, but the index left one out");
                    }
                    assertEquals(meet, an.meet(a, b), what);
                    assertEquals(an.implies(an.matches(a), an.matches(b)), an.covers(b, a), what);
                    pairs++;
                }
                List<Analysis.Ref> others = an.meeting(a).stream().filter(r -> r != a).toList();
                assertEquals(an.implies(an.matches(a), Formula.any(others.stream().map(an::matches).toList())),
                        an.coveredBy(an.matches(a), others), p + ": " + a.id() + " covered by the rules it meets");
            }
        }
        assertTrue(pairs > 10_000 && meeting > 1_000, pairs + " pairs, " + meeting + " meeting"); // the test saw enough
    }
}
