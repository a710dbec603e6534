package dev.mayexec;

/**
 * Why a decision came out as it did: a stable code ({@code rule.deny}, {@code kernel.noexec-mount},
 * …), the id of the rule that decided (or {@code null} for the kernel baseline), the rule's place in
 * the policy (or {@code null}), and a sentence for people.
 */
public record Reason(String code, String rule, String source, String message) {}
