package dev.mayexec.diag;

import java.util.List;

/** Thrown when a policy cannot be loaded, checked or compiled; carries every error found. */
public final class PolicyException extends Exception {
    private final List<Diagnostic> diagnostics;

    public PolicyException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid policy" : diagnostics.getFirst().toString()
                + (diagnostics.size() > 1 ? " (and " + (diagnostics.size() - 1) + " more)" : ""));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
