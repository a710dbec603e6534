package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/**
 * The exec securebits of Linux 6.14 (include/uapi/linux/securebits.h). A locked form only says that
 * the bit can no longer change; whether the obligation holds is given by the unlocked bit.
 */
public enum Securebit implements Word {
    /** Interpreters must check every file they run with {@code AT_EXECVE_CHECK} and obey the kernel. */
    EXEC_RESTRICT_FILE(1 << 8),
    /** {@code EXEC_RESTRICT_FILE} can no longer change. */
    EXEC_RESTRICT_FILE_LOCKED(1 << 9),
    /** Interpreters must refuse code that no file check can vouch for (inline, interactive, stdin that is not a file). */
    EXEC_DENY_INTERACTIVE(1 << 10),
    /** {@code EXEC_DENY_INTERACTIVE} can no longer change. */
    EXEC_DENY_INTERACTIVE_LOCKED(1 << 11);

    private final int mask;

    Securebit(int mask) {
        this.mask = mask;
    }

    /** Returns the bit's value in {@code prctl(PR_GET_SECUREBITS)}. */
    public int mask() {
        return mask;
    }

    /** The securebit a word names ({@code {@link #id()}} form), or empty for any other word. */
    public static Optional<Securebit> parse(String s) {
        return Word.parse(Securebit.class, s);
    }

    /** Every securebit's word, in declaration order (for messages that list what is allowed). */
    public static List<String> ids() {
        return Word.ids(Securebit.class);
    }
}
