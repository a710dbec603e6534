package dev.mayexec.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which kernel checks a scope demands for the file channels even when the process's securebits are
 * off, after the levels of the old {@code fs.trusted_for_policy} sysctl: none, the mount's
 * {@code noexec}, the file's exec permission, or the whole {@code AT_EXECVE_CHECK} verdict.
 */
public enum KernelLevel {
    NONE,
    MOUNT,
    PERMISSION,
    BOTH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KernelLevel> parse(String s) {
        return Arrays.stream(values()).filter(l -> l.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(KernelLevel::id).toList();
    }
}
