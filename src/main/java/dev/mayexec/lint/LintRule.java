package dev.mayexec.lint;

import dev.mayexec.diag.Severity;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a lint check, as error-prone's {@code @BugPattern} does: its stable id (lower-case words
 * joined by {@code -}; findings are coded {@code mx.lint.<id>}), a one-line summary with no final
 * period, its default severity, and whether it reads the host ({@code --host}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LintRule {
    String id();

    String summary();

    Severity severity();

    boolean needsHost() default false;
}
