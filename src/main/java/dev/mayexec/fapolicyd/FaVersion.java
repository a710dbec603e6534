package dev.mayexec.fapolicyd;

/**
 * The fapolicyd whose behaviour an import keeps: its quirks differ between versions. Before 1.4.4 the
 * {@code execdirs}, {@code systemdirs} and {@code untrusted} macros never match (a path in the macro's
 * directories even makes the field fail); from 1.4.4 they match what the manual says.
 */
public enum FaVersion {
    V1_1_7("1.1.7"),
    CURRENT("current");

    private final String label;

    FaVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The version named on the command line ({@code 1.1.7} or {@code current}), or null. */
    public static FaVersion of(String label) {
        for (FaVersion v : values()) {
            if (v.label.equals(label)) return v;
        }
        return null;
    }

    boolean macrosMatch() {
        return this == CURRENT;
    }
}
