package dev.mayexec.diag;

import java.util.List;

/** Thrown when a policy cannot be loaded, checked or compiled; carries every error found. */
public final class PolicyException extends Exception {
    /** Every diagnostic found. */
    private final List<Diagnostic> diagnostics;

    /** The exception for these diagnostics (its message is the first, and how many more). */
    public PolicyException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid policy" : diagnostics.getFirst().toString()
                + (diagnostics.size() > 1 ? " (and " + (diagnostics.size() - 1) + " more)" : ""));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Returns every diagnostic, errors and the rest, in the order found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
