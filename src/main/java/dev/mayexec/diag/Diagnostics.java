package dev.mayexec.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics across a pipeline stage, so that a policy reports all its errors at once. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    /** An empty collection. */
    public Diagnostics() {}

    /** Adds a diagnostic. */
    public void add(Diagnostic d) {
        items.add(d);
    }

    /** Adds an error at {@code span}, with the help that says how to fix it. */
    public void error(String code, SourceSpan span, String message, String help) {
        add(Diagnostic.error(code, span, message, help));
    }

    /** Adds an error at {@code span}, without help. */
    public void error(String code, SourceSpan span, String message) {
        add(Diagnostic.error(code, span, message));
    }

    /** Returns whether any diagnostic is an error. */
    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    /** Returns the diagnostics sorted by place. */
    public List<Diagnostic> sorted() {
        return items.stream().sorted(Diagnostic.BY_PLACE).toList();
    }
}
