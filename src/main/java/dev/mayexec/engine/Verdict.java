package dev.mayexec.engine;

import java.util.List;

/**
 * A kernel check's outcome as the engine knows it: {@code allow}, {@code deny} (with the reason
 * code), or {@code unknown} (with the facts that were missing). Base rules test {@code state}.
 */
public record Verdict(String state, String code, String message, List<String> missing) {
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String UNKNOWN = "unknown";

    static final Verdict ALLOWED = new Verdict(ALLOW, null, null, List.of());

    public Verdict {
        missing = List.copyOf(missing);
    }

    static Verdict deny(String code, String message) {
        return new Verdict(DENY, code, message, List.of());
    }

    /** A verdict that needs facts the request did not give; deciding on it fails closed. */
    static Verdict unknown(List<String> missing) {
        return new Verdict(UNKNOWN, "kernel.unknown",
                "the kernel's verdict cannot be computed: " + String.join(", ", missing)
                        + (missing.size() == 1 ? " is" : " are") + " unknown",
                missing);
    }

    public boolean allowed() {
        return ALLOW.equals(state);
    }

    // Written out, as Query's: the cache hashes it with every query, and the generated method is slow under C1.
    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(state);
        h = 31 * h + java.util.Objects.hashCode(code);
        h = 31 * h + java.util.Objects.hashCode(message);
        return 31 * h + missing.hashCode();
    }
}
