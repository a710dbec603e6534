package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import java.util.List;

/**
 * One file of a policy directory with its scope: {@code policy.yaml} (everyone), or a file under
 * {@code users/}, {@code services/} or {@code interpreters/}; {@code launch} is its {@code launch:} block.
 */
public record ScopeFile(String file, Scope scope, Mode mode, KernelSettings kernel, List<Rule> rules, SourceSpan span,
        LaunchSettings launch) {
    public ScopeFile {
        rules = List.copyOf(rules);
        if (launch == null) launch = LaunchSettings.none(span);
    }

    /** A file without a {@code launch:} block (what {@code mayexec run} does is said elsewhere). */
    public ScopeFile(String file, Scope scope, Mode mode, KernelSettings kernel, List<Rule> rules, SourceSpan span) {
        this(file, scope, mode, kernel, rules, span, null);
    }
}
