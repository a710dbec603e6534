package dev.mayexec;

/**
 * Why a decision came out as it did: a stable code ({@code rule.deny}, {@code kernel.noexec-mount},
 * …), the id of the rule that decided (or {@code null} for the kernel baseline), the rule's place in
 * the policy (or {@code null}), and a sentence for people.
 */
public record Reason(String code, String rule, String source, String message) {
    // Written out, as Decision's: the reasons of a policy's rules are shared objects, compared first by identity.
    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(code);
        h = 31 * h + java.util.Objects.hashCode(rule);
        h = 31 * h + java.util.Objects.hashCode(source);
        return 31 * h + java.util.Objects.hashCode(message);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        return other instanceof Reason o && java.util.Objects.equals(code, o.code) && java.util.Objects.equals(rule, o.rule)
                && java.util.Objects.equals(source, o.source) && java.util.Objects.equals(message, o.message);
    }
}
