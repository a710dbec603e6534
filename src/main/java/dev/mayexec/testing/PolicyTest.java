package dev.mayexec.testing;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Request;

/**
 * One policy test: a request, the decision it must get ({@code allow}, {@code deny}, or
 * {@code audit}: a deny that is not enforced), and optionally a rule that must be among the
 * decision's reasons and a reason code ({@code default.deny}, {@code kernel.noexec-mount}, …) that must be.
 */
public record PolicyTest(String name, Request request, Want want, String rule, String reason, SourceSpan span) {

    public enum Want implements dev.mayexec.facts.Word {
        ALLOW,
        DENY,
        AUDIT
    }
}
