package dev.mayexec.diag;

/** How serious a {@link Diagnostic} is; only errors make a policy invalid. */
public enum Severity {
    /** The policy is invalid: it is not loaded (a load or check error), or {@code lint} fails. */
    ERROR,
    /** Probably a mistake; {@code lint --strict} fails on it. */
    WARNING,
    /** Worth knowing, never a failure. */
    INFO;

    /** Returns the lower-case name used in text and JSON output. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
