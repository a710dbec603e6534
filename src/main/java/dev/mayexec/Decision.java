package dev.mayexec;

import dev.mayexec.facts.Channel;
import java.util.List;

/**
 * The answer to a request. {@code decision} is {@code allow} or {@code deny}; a deny with
 * {@code enforced == false} is a would-deny of audit mode, which the caller lets run and logs.
 * {@code policy} is the hash of the policy that decided; {@code cached} says whether the answer came
 * from the cache (it is otherwise identical to an uncached one).
 *
 * <p>For an invocation ({@code argv} without a channel), {@code channel} is {@code null} and
 * {@code parts} lists the decision of each request it amounts to (empty when it runs no code); for a
 * request with a channel, {@code parts} is {@code null}.
 */
public record Decision(Outcome decision, boolean enforced, Channel channel, List<Reason> reasons, String policy,
        boolean cached, List<Part> parts) {

    /** Copies the lists: a decision never changes. */
    public Decision {
        reasons = List.copyOf(reasons);
        parts = parts == null ? null : List.copyOf(parts);
    }

    /** The decision of a request with a channel. */
    public Decision(Outcome decision, boolean enforced, Channel channel, List<Reason> reasons, String policy,
            boolean cached) {
        this(decision, enforced, channel, reasons, policy, cached, null);
    }

    /** Whether the code may run. */
    public enum Outcome {
        /** It may run. */
        ALLOW,
        /** It may not (unless the decision is not enforced: audit mode). */
        DENY;

        /** Returns {@code allow} or {@code deny}, as in the JSON. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One request of an invocation and its decision: the channel, the file's path (or {@code null}),
     * the module, library or variable {@code name} where there is no path, and where it came from.
     */
    public record Part(Channel channel, String path, String name, String via, Decision decision) {}

    /** Returns whether the caller must refuse to run the code (a deny that is enforced). */
    public boolean denied() {
        return decision == Outcome.DENY && enforced;
    }

    /** Returns this decision marked as answered from the cache, or not. */
    public Decision withCached(boolean c) {
        return c == cached ? this : new Decision(decision, enforced, channel, reasons, policy, c, parts);
    }

    // Written out: decisions are compared for every answer (a line is written once per distinct
    // decision) and the generated methods are slow where the code runs compiled by C1 (bin/mayexec).
    @Override
    public int hashCode() {
        int h = decision.hashCode();
        h = 31 * h + Boolean.hashCode(enforced);
        h = 31 * h + java.util.Objects.hashCode(channel);
        h = 31 * h + reasons.hashCode();
        h = 31 * h + java.util.Objects.hashCode(policy);
        h = 31 * h + Boolean.hashCode(cached);
        return 31 * h + java.util.Objects.hashCode(parts);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        return other instanceof Decision o && decision == o.decision && enforced == o.enforced && channel == o.channel
                && cached == o.cached && java.util.Objects.equals(policy, o.policy) && reasons.equals(o.reasons)
                && java.util.Objects.equals(parts, o.parts);
    }
}
