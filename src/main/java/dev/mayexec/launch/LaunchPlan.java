package dev.mayexec.launch;

import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Securebit;
import dev.mayexec.policy.LaunchSettings;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a launch does to the process, from the {@code launch:} blocks of every file whose scope the
 * process is in (policy.yaml, its user's, uid's and groups', its service's, its interpreter's). They
 * add up: a securebit any of them sets is set, and locked if any locks; a descriptor any of them
 * passes passes; no_new_privs if any asks. A scope can only add restrictions, never lift another's.
 * {@code from} lists the files that contributed (for messages).
 */
record LaunchPlan(Set<Securebit> securebits, boolean lock, SortedSet<Integer> fds, boolean listenFds, boolean noNewPrivs,
        List<String> from) {

    static LaunchPlan of(Policy policy, ProcessInfo subject, String profile) {
        Set<Securebit> bits = EnumSet.noneOf(Securebit.class);
        SortedSet<Integer> fds = new TreeSet<>();
        boolean lock = false;
        boolean listen = false;
        boolean nnp = false;
        List<String> from = new ArrayList<>();
        for (ScopeFile f : policy.files()) {
            LaunchSettings l = f.launch();
            if (!l.given() || !applies(f.scope(), subject, profile)) continue;
            bits.addAll(l.securebits());
            fds.addAll(l.fds());
            lock |= l.lock();
            listen |= l.listenFds();
            nnp |= l.noNewPrivs();
            from.add(f.file());
        }
        return new LaunchPlan(Set.copyOf(bits), lock, fds, listen, nnp, List.copyOf(from));
    }

    static boolean applies(Scope scope, ProcessInfo p, String profile) {
        return switch (scope) {
            case Scope.Everyone e -> true;
            case Scope.User u -> u.name().equals(p.user());
            case Scope.Uid u -> p.uid() != null && u.uid() == p.uid();
            case Scope.Group g -> (p.gid() != null && g.gid() == p.gid()) || (p.groups() != null && p.groups().contains(g.gid()));
            case Scope.Service s -> s.unit().equals(p.service());
            case Scope.Interpreter i -> i.name().equals(profile);
        };
    }

    /** The value for PR_SET_SECUREBITS: the process's {@code current} bits and this plan's, locked if asked. */
    int securebitsValue(int current) {
        int v = current;
        for (Securebit b : securebits) {
            v |= b.mask();
            if (lock) v |= b.mask() << 1; // each _LOCKED bit is the one above its bit
        }
        return v;
    }

    /** The securebits the process will hold, as facts. */
    Set<Securebit> securebitsAfter(int current) {
        int v = securebitsValue(current);
        Set<Securebit> out = EnumSet.noneOf(Securebit.class);
        for (Securebit b : Securebit.values()) {
            if ((v & b.mask()) != 0) out.add(b);
        }
        return out;
    }
}
