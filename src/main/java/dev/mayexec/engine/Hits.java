package dev.mayexec.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules of one decision fired: the Drools global of a session. Rules only add to it; the
 * decision is combined afterwards ({@link Combiner}), so no rule ever joins against an outcome.
 */
public final class Hits {
    final List<Integer> rules = new ArrayList<>(4);
    final List<DemandHit> demands = new ArrayList<>(2);
    final List<Obligation> obligations = new ArrayList<>(1);

    record DemandHit(int entry, Verdict verdict) {}

    record Obligation(String code, String message) {}

    /** Forgets what was recorded, for the next decision of the same session. */
    void clear() {
        rules.clear();
        demands.clear();
        obligations.clear();
    }

    /** A policy rule (by entry index) matched. */
    public void rule(int entry) {
        rules.add(entry);
    }

    /** A scope's kernel demand (by entry index) failed with {@code verdict} ({@code null}: no file). */
    public void demand(int entry, Verdict verdict) {
        demands.add(new DemandHit(entry, verdict));
    }

    /** A securebits obligation of the process failed. */
    public void obligation(String code, String message) {
        obligations.add(new Obligation(code, message));
    }
}
