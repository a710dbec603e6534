package dev.mayexec.policy;

import dev.mayexec.facts.Word;
import java.util.List;
import java.util.Optional;

/**
 * Which kernel checks a scope demands for the file channels even when the process's securebits are
 * off, after the levels of the old {@code fs.trusted_for_policy} sysctl: none, the mount's
 * {@code noexec}, the file's exec permission, or the whole {@code AT_EXECVE_CHECK} verdict.
 */
public enum KernelLevel implements Word {
    NONE,
    MOUNT,
    PERMISSION,
    BOTH;

    public static Optional<KernelLevel> parse(String s) {
        return Word.parse(KernelLevel.class, s);
    }

    public static List<String> ids() {
        return Word.ids(KernelLevel.class);
    }
}
