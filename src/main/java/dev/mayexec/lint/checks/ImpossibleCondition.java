package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Describe;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * Conditions that can never hold: a {@code when} no request meets (with the file's scope), an
 * {@code unless} block that can never hold beside its {@code when}, and a rule whose exceptions
 * together cancel every request its {@code when} admits.
 */
@LintRule(id = "impossible-condition", summary = "a condition that no request can meet", severity = Severity.ERROR)
public final class ImpossibleCondition implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            LintContext.decided(() -> impossible(an, r)).ifPresent(out::add);
        }
        return out;
    }

    private static Finding impossible(Analysis an, Analysis.Ref r) {
        Formula base = an.when(r);
        if (!an.satisfiable(base)) return when(an, r);
        for (List<Condition> block : r.rule().unless()) {
            if (!an.satisfiable(Formula.all(base, an.block(block)))) {
                Finding f = Finding.at(block.getFirst().span(), "this `unless` block of " + Describe.rule(r)
                                + " can never hold beside the rule's `when`, so it never makes an exception")
                        .help("correct the block's values, or remove the block");
                return an.example(base).map(f::example).orElse(f);
            }
        }
        if (!an.satisfiable(an.matches(r))) {
            Finding f = Finding.at(r.rule().span(), Describe.rule(r) + " never applies: its `unless` blocks together "
                            + "hold for every request its `when` admits")
                    .help("narrow the `unless` blocks, or remove the rule");
            return an.example(base).map(f::example).orElse(f);
        }
        return null;
    }

    /** Reports the first condition that makes {@code when} impossible, with the others it conflicts with. */
    private static Finding when(Analysis an, Analysis.Ref r) {
        List<Condition> cs = r.rule().when();
        Formula head = Formula.all(Analysis.channels(r.rule().channels()), Analysis.scope(r.file().scope()));
        int k = 0;
        while (k < cs.size() && an.satisfiable(Formula.all(head, an.block(cs.subList(0, k + 1))))) k++;
        Condition culprit = cs.get(k);
        List<Condition> core = new ArrayList<>(cs.subList(0, k + 1));
        for (Condition c : cs.subList(0, k)) {
            List<Condition> without = new ArrayList<>(core);
            without.remove(c);
            if (!an.satisfiable(Formula.all(head, an.block(without)))) core = without;
        }
        boolean scoped = an.satisfiable(Formula.all(Analysis.channels(r.rule().channels()), an.block(core)));
        String what;
        if (scoped) {
            what = Describe.conditions(core) + " can never hold in " + r.file().file() + ", whose rules apply only to "
                    + r.file().scope().describe();
        } else if (core.size() == 1) {
            what = Describe.conditions(core) + " can never hold: it admits no value"
                    + (culprit instanceof Condition.InSet s ? " (set `" + s.set() + "` is empty)" : "");
        } else {
            what = Describe.conditions(core) + " can never hold together";
        }
        Finding f = Finding.at(culprit.span(), "in " + Describe.rule(r) + ", " + what + ", so the rule never applies")
                .help(r.file().scope() instanceof Scope.Everyone || !scoped
                        ? "correct the values, or remove the rule"
                        : "move the rule to the file of the scope it is meant for, or correct it");
        for (Condition c : core) {
            if (c != culprit) f = f.related(c.span(), "`" + c.attribute().key() + "`");
        }
        return an.example(Formula.all(head, an.block(cs.subList(0, k)))).map(f::example).orElse(f);
    }
}
