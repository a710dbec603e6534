package dev.mayexec.diag;

import java.util.Comparator;

/**
 * One finding about a policy: a load error, a check failure, a compile error or (later) a lint
 * finding. Codes are stable ({@code mx.load.unknown-key}); messages are lower-case, name the
 * offending value in backticks and carry no final period; {@code help} says how to fix it.
 */
public record Diagnostic(String code, Severity severity, String message, String help, SourceSpan span) {

    /** Orders by place, then code, so that output is deterministic. */
    public static final Comparator<Diagnostic> BY_PLACE =
            Comparator.comparing(Diagnostic::span).thenComparing(Diagnostic::code).thenComparing(Diagnostic::message);

    public static Diagnostic error(String code, SourceSpan span, String message, String help) {
        return new Diagnostic(code, Severity.ERROR, message, help, span);
    }

    public static Diagnostic error(String code, SourceSpan span, String message) {
        return error(code, span, message, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Returns the one-line form {@code file:line:col: error[code]: message}. */
    @Override
    public String toString() {
        return span + ": " + severity.label() + "[" + code + "]: " + message;
    }
}
