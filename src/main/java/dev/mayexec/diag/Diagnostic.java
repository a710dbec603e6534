package dev.mayexec.diag;

import java.util.Comparator;
import java.util.List;

/**
 * One finding about a policy: a load error, a check failure, a compile error or a lint finding.
 * Codes are stable ({@code mx.load.unknown-key}); messages are lower-case, name the offending value
 * in backticks and carry no final period; {@code help} says how to fix it. A lint finding may also
 * carry an {@code example}: a request (JSON, as {@code decide} reads it) that demonstrates it, and
 * {@code related} places, such as the deny rule that overrides an allow.
 */
public record Diagnostic(String code, Severity severity, String message, String help, SourceSpan span, String example,
        List<Related> related) {

    /** Orders by place, then code, so that output is deterministic. */
    public static final Comparator<Diagnostic> BY_PLACE =
            Comparator.comparing(Diagnostic::span).thenComparing(Diagnostic::code).thenComparing(Diagnostic::message);

    /** Another place that a diagnostic is about, with what it is ("deny rule `d`"). */
    public record Related(SourceSpan span, String message) {}

    /** Copies the related places; a diagnostic never changes. */
    public Diagnostic {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** A diagnostic with no example and no related places. */
    public Diagnostic(String code, Severity severity, String message, String help, SourceSpan span) {
        this(code, severity, message, help, span, null, List.of());
    }

    /** Returns an error at {@code span}, with the help that says how to fix it. */
    public static Diagnostic error(String code, SourceSpan span, String message, String help) {
        return new Diagnostic(code, Severity.ERROR, message, help, span);
    }

    /** Returns an error at {@code span}, without help. */
    public static Diagnostic error(String code, SourceSpan span, String message) {
        return error(code, span, message, null);
    }

    /** Returns this diagnostic with another severity (a lint check's severity, as overridden). */
    public Diagnostic withSeverity(Severity s) {
        return new Diagnostic(code, s, message, help, span, example, related);
    }

    /** Returns whether this makes the policy invalid. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Returns the one-line form {@code file:line:col: error[code]: message}. */
    @Override
    public String toString() {
        return span + ": " + severity.label() + "[" + code + "]: " + message;
    }
}
