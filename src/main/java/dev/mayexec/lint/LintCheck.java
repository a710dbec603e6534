package dev.mayexec.lint;

import dev.mayexec.diag.Severity;
import java.util.List;

/**
 * One lint check (error-prone's rule: one check = one class, its test, and a line in
 * {@code docs/LINT.md}). Its findings become diagnostics coded {@code mx.lint.<id>} with the
 * check's severity, which users can override ({@code --rule id=off|info|warning|error}).
 */
public interface LintCheck {

    /** The stable id: lower-case words joined by {@code -}. */
    String id();

    /** One line: what the check finds (no final period). */
    String summary();

    /** The severity when the user does not override it. */
    Severity severity();

    /** Whether the check reads the host ({@code --host}); without one it does not run. */
    default boolean needsHost() {
        return false;
    }

    List<Finding> check(LintContext cx);
}
