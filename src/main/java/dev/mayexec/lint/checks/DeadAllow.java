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
import java.util.Optional;

/**
 * An allow rule that enforced deny rules always override: every request it matches, one of them
 * matches too. An audit rule (or a deny in audit mode) only logs: the requests it matches still run
 * when an allow matches them, so it never makes an allow dead, alone or together with denies.
 */
@LintRule(id = "dead-allow", summary = "an allow rule that deny rules always override", severity = Severity.WARNING)
public final class DeadAllow implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref allow : an.rules().stream().filter(Analysis.Ref::isAllow).toList()) {
            Formula a = an.matches(allow);
            List<Analysis.Ref> denies = an.meeting(allow).stream().filter(an::enforced).toList();
            LintContext.decided(() -> an.satisfiable(a) ? covering(an, allow, denies) : List.<Analysis.Ref>of())
                    .filter(ds -> !ds.isEmpty())
                    .ifPresent(ds -> out.add(finding(an, allow, a, ds)));
        }
        return out;
    }

    /** One deny that covers the allow, else every deny it meets if together they cover it, else none. */
    private static List<Analysis.Ref> covering(Analysis an, Analysis.Ref allow, List<Analysis.Ref> denies) {
        List<Analysis.Ref> meeting = new ArrayList<>();
        for (Analysis.Ref d : denies) {
            if (!an.meet(allow, d)) continue;
            if (an.covers(d, allow)) return List.of(d);
            meeting.add(d);
        }
        boolean together = meeting.size() > 1 && an.coveredBy(an.matches(allow), meeting);
        return together ? meeting : List.of();
    }

    private static Finding finding(Analysis an, Analysis.Ref allow, Formula a, List<Analysis.Ref> denies) {
        String who = denies.size() == 1
                ? Describe.ruleAt(denies.getFirst()) + " matches every request it matches"
                : "deny rules " + Describe.list(denies.stream().map(Analysis.Ref::id).toList())
                        + " together match every request it matches";
        Finding f = Finding.at(allow.rule().span(), Describe.rule(allow) + " never takes effect: " + who)
                .help("remove the allow, or carve its requests out of the deny with `unless:`");
        for (Analysis.Ref d : denies) f = f.related(d.rule().span(), Describe.rule(d));
        Optional<String> example = an.example(Formula.all(a, an.matches(denies.getFirst())));
        return example.map(f::example).orElse(f);
    }
}
