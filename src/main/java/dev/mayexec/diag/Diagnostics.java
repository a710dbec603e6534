package dev.mayexec.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics across a pipeline stage, so that a policy reports all its errors at once. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void add(Diagnostic d) {
        items.add(d);
    }

    public void error(String code, SourceSpan span, String message, String help) {
        add(Diagnostic.error(code, span, message, help));
    }

    public void error(String code, SourceSpan span, String message) {
        add(Diagnostic.error(code, span, message));
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    /** Returns the diagnostics sorted by place. */
    public List<Diagnostic> sorted() {
        return items.stream().sorted(Diagnostic.BY_PLACE).toList();
    }
}
