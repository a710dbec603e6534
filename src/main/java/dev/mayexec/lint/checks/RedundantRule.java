package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Describe;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule that another rule of the same kind covers: removing it changes no decision. Of two rules
 * that match exactly the same requests, the later one is reported.
 */
@LintRule(id = "redundant-rule", summary = "a rule that another rule with the same effect covers",
        severity = Severity.WARNING)
public final class RedundantRule implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            Formula m = an.matches(r);
            if (!LintContext.decided(() -> an.satisfiable(m)).orElse(false)) continue; // impossible-condition's case
            for (Analysis.Ref other : an.meeting(r)) {
                if (other == r || !sameKind(an, r, other)) continue;
                boolean covered = LintContext.decided(() -> an.covers(other, r)
                        && (other.index() < r.index() || !an.covers(r, other))).orElse(false);
                if (covered) {
                    Finding f = Finding.at(r.rule().span(), Describe.rule(r) + " is redundant: " + Describe.ruleAt(other)
                                    + (an.enforced(r) || r.isAllow() ? " has the same effect" : " logs the same way")
                                    + " and matches every request it matches")
                            .help("remove one of the two, or make them differ")
                            .related(other.rule().span(), Describe.rule(other));
                    out.add(an.example(m).map(f::example).orElse(f));
                    break;
                }
            }
        }
        return out;
    }

    /** Same effect, and for denies the same enforcement: only then does one stand in for the other. */
    private static boolean sameKind(Analysis an, Analysis.Ref a, Analysis.Ref b) {
        return a.rule().effect() == b.rule().effect() && an.enforced(a) == an.enforced(b);
    }
}
