package dev.mayexec.engine;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.Entry;
import dev.mayexec.facts.Channel;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.Mode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Combines what fired into a decision, deny-overrides: any deny (a securebits obligation, a kernel
 * demand, a deny rule) wins over every allow, whatever the order; with no deny, an allow rule or else
 * the channel's default decides. Denies that are not enforced (audit rules, audit mode) still make
 * the decision {@code deny}, with {@code enforced: false}.
 */
final class Combiner {
    private Combiner() {}

    static Decision combine(CompiledPolicy compiled, Channel channel, Hits hits) {
        List<Entry> entries = compiled.entries();
        List<Reason> enforced = new ArrayList<>();
        List<Reason> audited = new ArrayList<>();
        List<Reason> allows = new ArrayList<>();
        for (Hits.Obligation o : hits.obligations) {
            enforced.add(new Reason(o.code(), null, null, o.message()));
        }
        for (Hits.DemandHit d : hits.demands.stream().sorted(Comparator.comparingInt(Hits.DemandHit::entry)).toList()) {
            Entry e = entries.get(d.entry());
            String code = e.code() != null ? e.code() : d.verdict().code();
            if (hits.obligations.stream().anyMatch(o -> o.code().equals(code))) {
                continue; // the process's own securebits already deny for the same reason
            }
            Reason r = e.code() != null
                    ? new Reason(code, null, e.span().toString(),
                            e.message() + ": code given through `" + channel.id() + "` cannot be checked")
                    : new Reason(code, null, e.span().toString(), d.verdict().message() + " (" + e.message() + ")");
            (e.enforced() ? enforced : audited).add(r);
        }
        for (int i : hits.rules.stream().sorted().distinct().toList()) { // a split rule may fire more than once
            Entry e = entries.get(i);
            Reason r = new Reason("rule." + e.effect().id(), e.ruleId(), e.span().toString(),
                    e.message() != null ? e.message() : ruleMessage(e));
            if (e.effect() == Effect.ALLOW) {
                allows.add(r);
            } else {
                (e.enforced() ? enforced : audited).add(r);
            }
        }
        if (allows.isEmpty() && enforced.isEmpty()) { // an enforced deny already decides; the default adds nothing
            ChannelDefault d = compiled.policy().defaults().get(channel);
            Reason r = new Reason("default." + d.effect().id(), null, d.span().toString(),
                    (d.effect() == Effect.ALLOW ? "no rule applies" : "no rule allows this")
                            + "; the default for channel `" + channel.id() + "` is " + d.effect().id());
            if (d.effect() == Effect.ALLOW) {
                allows.add(r);
            } else {
                (compiled.policy().mode() == Mode.ENFORCE ? enforced : audited).add(r);
            }
        }
        String hash = compiled.policy().hash();
        if (enforced.isEmpty() && audited.isEmpty()) {
            return new Decision(Decision.Outcome.ALLOW, true, channel, allows, hash, false);
        }
        List<Reason> reasons = new ArrayList<>(enforced);
        reasons.addAll(audited);
        return new Decision(Decision.Outcome.DENY, !enforced.isEmpty(), channel, reasons, hash, false);
    }

    private static String ruleMessage(Entry e) {
        return switch (e.effect()) {
            case ALLOW -> "allowed by rule `" + e.ruleId() + "`";
            case DENY -> (e.enforced() ? "denied" : "would be denied (audit mode)") + " by rule `" + e.ruleId() + "`";
            case AUDIT -> "would be denied by audit rule `" + e.ruleId() + "`";
        };
    }
}
