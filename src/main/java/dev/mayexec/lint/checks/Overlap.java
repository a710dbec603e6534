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
            List<Analysis.Ref> allows = new ArrayList<>();
            for (Analysis.Ref allow : an.meeting(deny)) {
                if (!allow.isAllow()) continue;
                boolean partial = LintContext.decided(() -> an.meet(allow, deny) && !an.covers(deny, allow)
                        && !an.covers(allow, deny) && !dead.computeIfAbsent(allow, x -> dead(an, x))).orElse(false);
                if (partial) allows.add(allow);
            }
            if (!allows.isEmpty()) out.add(finding(an, deny, allows));
        }
        return out;
    }

    /** Whether enforced denies override the allow everywhere (dead-allow reports it). */
    private static boolean dead(Analysis an, Analysis.Ref allow) {
        return an.coveredBy(an.matches(allow), an.meeting(allow).stream().filter(an::enforced).toList());
    }

    private static Finding finding(Analysis an, Analysis.Ref deny, List<Analysis.Ref> allows) {
        boolean enforced = an.enforced(deny);
        List<String> ids = allows.stream().map(Analysis.Ref::id).toList();
        String whom = allows.size() == 1 ? Describe.ruleAt(allows.getFirst())
                : allows.size() + " allow rules (" + (allows.size() <= NAMED ? Describe.list(ids)
                        : String.join(", ", ids.subList(0, NAMED).stream().map(i -> "`" + i + "`").toList()) + " and "
                                + (allows.size() - NAMED) + " more") + ")";
        String what = enforced ? ": for requests both match, the deny wins"
                : ": for requests both match, the code runs and the decision is logged as a would-deny (`enforced: false`)";
        String who = Describe.rule(deny) + (deny.rule().effect() == Effect.DENY && !enforced
                ? " (in audit mode)" : "");
        Finding f = Finding.at(deny.rule().span(), who + " cuts into " + whom + what)
                .help(enforced ? "if the deny should not apply to these requests, add an `unless:` block to it"
                        : "if these requests should not be logged, add an `unless:` block to the rule");
        for (Analysis.Ref a : allows) f = f.related(a.rule().span(), Describe.rule(a));
        // the first allow whose shared request replays shows it (a model can fail to replay)
        Formula d = an.matches(deny);
        for (Analysis.Ref a : allows) {
            Optional<String> example = LintContext.decided(() -> an.example(Formula.all(an.matches(a), d)).orElse(null));
            if (example.isPresent()) return f.example(example.get());
        }
        return f;
    }
}
