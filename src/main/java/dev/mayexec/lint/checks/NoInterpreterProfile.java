package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Describe;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.lint.analysis.Strings;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An allow for an executable or interpreter that no interpreter profile covers: without a profile
 * its options and environment cannot be mapped to channels, and no interpreter-scoped rule applies
 * to it. Reads the profiles the model lists ({@code Policy.interpreters()}), shipped or the policy's own.
 */
@LintRule(id = "no-interpreter-profile", summary = "an allow for an executable or interpreter that no interpreter profile covers",
        severity = Severity.WARNING)
public final class NoInterpreterProfile implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Scope.Interpreter> profiles = cx.policy().interpreters();
        List<PathPattern> covered = profiles.stream().flatMap(p -> p.executables().stream()).toList();
        Set<String> names = profiles.stream().map(Scope.Interpreter::name).collect(Collectors.toSet());
        String help = "add a profile `interpreters/NAME.yaml` that lists the executable, so that its options and "
                + "environment map to channels";
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            if (!r.isAllow()) continue;
            for (Condition c : r.rule().when()) {
                if (c.attribute() == Attribute.EXE) {
                    Formula uncovered = Formula.all(an.matches(r), an.known(Attribute.EXE),
                            Formula.not(Analysis.attr(Attribute.EXE, an.paths(covered))));
                    LintContext.decided(() -> an.witness(uncovered).orElse(null)).ifPresent(e -> out.add(
                            Finding.at(c.span(), Describe.rule(r) + " allows code to executable `"
                                    + e.model().get(Attribute.EXE) + "`, which no interpreter profile covers")
                                    .help(help).example(e.json())));
                } else if (c.attribute() == Attribute.INTERPRETER) {
                    for (String name : interpreterNames(cx, c)) {
                        if (names.contains(name)) continue;
                        Finding f = Finding.at(c.span(), Describe.rule(r) + " allows code to interpreter `" + name
                                + "`, for which no interpreter profile exists").help(help.replace("NAME", name));
                        Formula named = Formula.all(an.matches(r), Analysis.attr(Attribute.INTERPRETER, Strings.of(name)));
                        out.add(LintContext.decided(() -> an.example(named).orElse(null)).map(f::example).orElse(f));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> interpreterNames(LintContext cx, Condition c) {
        if (c instanceof Condition.OneOf o) return o.values();
        if (c instanceof Condition.InSet s) {
            NamedSet set = cx.policy().sets().get(s.set());
            return set == null ? List.of() : set.members().stream().map(String.class::cast).toList();
        }
        return List.of();
    }
}
