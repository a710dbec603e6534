package dev.mayexec;

import dev.mayexec.facts.Channel;
import java.util.List;

/**
 * The answer to a request. {@code decision} is {@code allow} or {@code deny}; a deny with
 * {@code enforced == false} is a would-deny of audit mode, which the caller lets run and logs.
 * {@code policy} is the hash of the policy that decided; {@code cached} says whether the answer came
 * from the cache (it is otherwise identical to an uncached one).
 */
public record Decision(Outcome decision, boolean enforced, Channel channel, List<Reason> reasons, String policy,
        boolean cached) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    public enum Outcome {
        ALLOW,
        DENY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the caller must refuse to run the code. */
    public boolean denied() {
        return decision == Outcome.DENY && enforced;
    }

    public Decision withCached(boolean c) {
        return c == cached ? this : new Decision(decision, enforced, channel, reasons, policy, c);
    }
}
