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
 * An allow and a deny that overlap, neither covering the other: in the overlap the deny wins,
 * which the allow's author may not expect. A deny with neither {@code when} nor {@code unless} (a
 * whole scope's deny) is meant to override every allow it meets, and is left out, as is an allow
 * that denies override entirely (dead-allow's case).
 */
@LintRule(id = "overlap", summary = "an allow and a deny that overlap without one covering the other",
        severity = Severity.INFO)
public final class Overlap implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        Formula anyDeny = Formula.any(an.rules().stream().filter(Analysis.Ref::isDeny).map(an::matches).toList());
        for (Analysis.Ref allow : an.rules().stream().filter(Analysis.Ref::isAllow).toList()) {
            Formula a = an.matches(allow);
            if (LintContext.decided(() -> an.implies(a, anyDeny)).orElse(true)) continue; // dead-allow's case
            for (Analysis.Ref deny : an.rules()) {
                if (!deny.isDeny() || (deny.rule().when().isEmpty() && deny.rule().unless().isEmpty())) continue;
                Formula d = an.matches(deny);
                Formula both = Formula.all(a, d);
                boolean partial = LintContext.decided(() -> an.satisfiable(both) && !an.implies(a, d) && !an.implies(d, a))
                        .orElse(false);
                if (!partial) continue;
                Finding f = Finding.at(allow.rule().span(), Describe.rule(allow) + " and " + Describe.ruleAt(deny)
                                + " overlap: for requests both match, the deny wins")
                        .help("if the deny should not apply to these requests, add an `unless:` block to it")
                        .related(deny.rule().span(), Describe.rule(deny));
                out.add(an.example(both).map(f::example).orElse(f));
            }
        }
        return out;
    }
}
