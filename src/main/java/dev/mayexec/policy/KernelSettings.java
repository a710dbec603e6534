package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Securebit;
import java.util.Set;

/**
 * A scope's {@code kernel:} block: the checks it demands ({@code check}) and the securebits it
 * behaves as if set ({@code securebits}, only the unlocked forms).
 */
public record KernelSettings(KernelLevel check, Set<Securebit> securebits, SourceSpan span) {

    public KernelSettings {
        securebits = Set.copyOf(securebits);
    }

    /** Whether these settings demand nothing beyond the process's own securebits. */
    public boolean isEmpty() {
        return check == KernelLevel.NONE && securebits.isEmpty();
    }
}
