package dev.mayexec.lint;

import dev.mayexec.diag.Severity;
import java.util.List;

/**
 * One lint check (error-prone's rule: one check = one class, its test, and a line in
 * {@code docs/LINT.md}), described by its {@link LintRule} annotation. Its findings become
 * diagnostics coded {@code mx.lint.<id>} with the check's severity, which users can override
 * ({@code --rule id=off|info|warning|error}).
 */
public interface LintCheck {

    List<Finding> check(LintContext cx);

    private LintRule rule() {
        LintRule r = getClass().getAnnotation(LintRule.class);
        if (r == null) throw new IllegalStateException(getClass().getName() + " has no @LintRule");
        return r;
    }

    /** The stable id: lower-case words joined by {@code -}. */
    default String id() {
        return rule().id();
    }

    /** One line: what the check finds (no final period). */
    default String summary() {
        return rule().summary();
    }

    /** The severity when the user does not override it. */
    default Severity severity() {
        return rule().severity();
    }

    /** Whether the check reads the host ({@code --host}); without one it does not run. */
    default boolean needsHost() {
        return rule().needsHost();
    }
}
