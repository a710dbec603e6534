package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Describe;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.policy.Effect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deny that cuts into allows without either covering the other: in the overlap the deny wins
 * (an audit rule, or a deny in audit mode, only logs there: the code runs), which the allow's author
 * may not expect. One finding per deny, naming every allow it cuts into, so that a deny that meets
 * a thousand allows is one line to read. A deny with neither {@code when} nor {@code unless} (a
 * whole scope's deny) is meant to override every allow it meets, and is left out, as is an allow
 * that enforced denies override entirely (dead-allow's case).
 */
@LintRule(id = "overlap", summary = "a deny that cuts into allows without one covering the other",
        severity = Severity.INFO)
public final class Overlap implements LintCheck {
    /** How many of the allows a message names; the related places list them all. */
    private static final int NAMED = 3;

    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        Map<Analysis.Ref, Boolean> dead = new HashMap<>();
        for (Analysis.Ref deny : an.rules()) {
            if (!deny.isDeny() || (deny.rule().when().isEmpty() && deny.rule().unless().isEmpty())) continue;
            Formula d = an.matches(deny);
            List<Analysis.Ref> allows = new ArrayList<>();
            Formula first = null;
            for (Analysis.Ref allow : an.meeting(deny)) {
                if (!allow.isAllow()) continue;
                Formula a = an.matches(allow);
                Formula both = Formula.all(a, d);
                boolean partial = LintContext.decided(() -> an.satisfiable(both) && !an.implies(a, d) && !an.implies(d, a)
                        && !dead.computeIfAbsent(allow, x -> dead(an, x, a))).orElse(false);
                if (!partial) continue;
                allows.add(allow);
                if (first == null) first = both;
            }
            if (!allows.isEmpty()) out.add(finding(an, deny, allows, first));
        }
        return out;
    }

    /** Whether enforced denies override the allow everywhere (dead-allow reports it). */
    private static boolean dead(Analysis an, Analysis.Ref allow, Formula a) {
        return an.implies(a, Formula.any(an.meeting(allow).stream().filter(an::enforced).map(an::matches).toList()));
    }

    private static Finding finding(Analysis an, Analysis.Ref deny, List<Analysis.Ref> allows, Formula first) {
        boolean enforced = an.enforced(deny);
        String whom = allows.size() == 1 ? Describe.ruleAt(allows.getFirst())
                : allows.size() + " allow rules (" + Describe.list(allows.stream().limit(NAMED).map(Analysis.Ref::id).toList())
                        + (allows.size() > NAMED ? " and " + (allows.size() - NAMED) + " more" : "") + ")";
        String what = enforced ? ": for requests both match, the deny wins"
                : ": for requests both match, the code runs and the decision is logged as a would-deny (`enforced: false`)";
        String who = Describe.rule(deny) + (deny.rule().effect() == Effect.DENY && !enforced
                ? " (in audit mode)" : "");
        Finding f = Finding.at(deny.rule().span(), who + " cuts into " + whom + what)
                .help(enforced ? "if the deny should not apply to these requests, add an `unless:` block to it"
                        : "if these requests should not be logged, add an `unless:` block to the rule");
        for (Analysis.Ref a : allows) f = f.related(a.rule().span(), Describe.rule(a));
        Optional<String> example = an.example(first);
        return example.map(f::example).orElse(f);
    }
}
