package dev.mayexec.compile;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.policy.Effect;

/**
 * One generated DRL rule and what a hit on it means: a policy rule (with its id and effect), or a
 * scope's kernel demand. {@code enforced} is false under {@code mode: audit} and for audit rules.
 * {@code code} is set for demands whose reason does not come from a kernel verdict.
 */
public record Entry(int index, Kind kind, String ruleId, Effect effect, boolean enforced, String code, String name,
        SourceSpan span, String message) {

    public enum Kind {
        RULE,
        DEMAND
    }
}
