package dev.mayexec.diag;

/** How serious a {@link Diagnostic} is; only errors make a policy invalid. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    /** Returns the lower-case name used in text and JSON output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
