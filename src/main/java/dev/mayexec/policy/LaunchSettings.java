package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Securebit;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A scope's {@code launch:} block, what {@code mayexec run} does to a process of the scope before
 * it execs the program (docs/POLICY.md, "Launch"): the exec {@code securebits} to set (unlocked
 * forms only), whether to {@code lock} them, the descriptors above 2 that may pass ({@code fds},
 * and systemd's socket-activation descriptors when {@code listenFds}), and {@code noNewPrivs}.
 * {@code given} says whether the file has a {@code launch:} block at all.
 */
public record LaunchSettings(boolean given, Set<Securebit> securebits, boolean lock, SortedSet<Integer> fds,
        boolean listenFds, boolean noNewPrivs, SourceSpan span) {

    public LaunchSettings {
        securebits = Set.copyOf(securebits);
        fds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(fds));
    }

    /** A file without a {@code launch:} block. */
    public static LaunchSettings none(SourceSpan span) {
        return new LaunchSettings(false, Set.of(), false, new TreeSet<>(), false, false, span);
    }
}
