package dev.mayexec.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exec securebits of Linux 6.14 (include/uapi/linux/securebits.h). A locked form only says that
 * the bit can no longer change; whether the obligation holds is given by the unlocked bit.
 */
public enum Securebit {
    EXEC_RESTRICT_FILE("exec-restrict-file", 1 << 8),
    EXEC_RESTRICT_FILE_LOCKED("exec-restrict-file-locked", 1 << 9),
    EXEC_DENY_INTERACTIVE("exec-deny-interactive", 1 << 10),
    EXEC_DENY_INTERACTIVE_LOCKED("exec-deny-interactive-locked", 1 << 11);

    private final String id;
    private final int mask;

    Securebit(String id, int mask) {
        this.id = id;
        this.mask = mask;
    }

    public String id() {
        return id;
    }

    /** The bit's value in {@code prctl(PR_GET_SECUREBITS)}. */
    public int mask() {
        return mask;
    }

    public static Optional<Securebit> parse(String s) {
        return Arrays.stream(values()).filter(b -> b.id.equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Securebit::id).toList();
    }
}
