package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import java.util.List;

/**
 * One file of a policy directory with its scope: {@code policy.yaml} (everyone), or a file under
 * {@code users/}, {@code services/} or {@code interpreters/}.
 */
public record ScopeFile(String file, Scope scope, Mode mode, KernelSettings kernel, List<Rule> rules, SourceSpan span) {
    public ScopeFile {
        rules = List.copyOf(rules);
    }
}
