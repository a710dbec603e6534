package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named set no condition refers to: often a typo in a reference elsewhere, or a leftover. (A
 * reference to a set that does not exist is an error of the checker, {@code mx.check.undefined-set}.)
 */
@LintRule(id = "unused-set", summary = "a named set that no condition uses", severity = Severity.WARNING)
public final class UnusedSet implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Set<String> used = cx.policy().files().stream().flatMap(f -> f.rules().stream())
                .flatMap(r -> java.util.stream.Stream.concat(r.when().stream(), r.unless().stream().flatMap(List::stream)))
                .filter(Condition.InSet.class::isInstance)
                .map(c -> ((Condition.InSet) c).set())
                .collect(Collectors.toSet());
        List<Finding> out = new ArrayList<>();
        for (NamedSet s : cx.policy().sets().values()) {
            if (!used.contains(s.name())) {
                out.add(Finding.at(s.span(), "set `" + s.name() + "` is never used")
                        .help("refer to it with `{set: " + s.name() + "}`, or remove it"));
            }
        }
        return out;
    }
}
