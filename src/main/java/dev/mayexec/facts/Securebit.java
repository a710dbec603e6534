package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/**
 * The exec securebits of Linux 6.14 (include/uapi/linux/securebits.h). A locked form only says that
 * the bit can no longer change; whether the obligation holds is given by the unlocked bit.
 */
public enum Securebit implements Word {
    EXEC_RESTRICT_FILE(1 << 8),
    EXEC_RESTRICT_FILE_LOCKED(1 << 9),
    EXEC_DENY_INTERACTIVE(1 << 10),
    EXEC_DENY_INTERACTIVE_LOCKED(1 << 11);

    private final int mask;

    Securebit(int mask) {
        this.mask = mask;
    }

    /** The bit's value in {@code prctl(PR_GET_SECUREBITS)}. */
    public int mask() {
        return mask;
    }

    public static Optional<Securebit> parse(String s) {
        return Word.parse(Securebit.class, s);
    }

    public static List<String> ids() {
        return Word.ids(Securebit.class);
    }
}
