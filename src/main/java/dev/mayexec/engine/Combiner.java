package dev.mayexec.engine;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.Entry;
import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.Mode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Combines what fired into a decision, deny-overrides: any deny (a securebits obligation, a kernel
 * demand, a deny rule) wins over every allow, whatever the order; with no deny, an allow rule or else
 * the channel's default decides. Denies that are not enforced (audit rules, audit mode) still make
 * the decision {@code deny}, with {@code enforced: false}.
 */
final class Combiner {
    private final CompiledPolicy compiled;
    /** A rule's reason, by entry (null for other entries), and each channel's default: made once, shared by decisions. */
    private final Reason[] rules;
    private final Map<Channel, Reason> defaults = new EnumMap<>(Channel.class);

    Combiner(CompiledPolicy compiled) {
        this.compiled = compiled;
        this.rules = compiled.entries().stream().map(e -> e.kind() == Entry.Kind.RULE
                ? new Reason("rule." + e.effect().id(), e.ruleId(), e.span().toString(),
                        e.message() != null ? e.message() : ruleMessage(e))
                : null).toArray(Reason[]::new);
        compiled.policy().defaults().forEach((channel, d) -> defaults.put(channel, new Reason("default." + d.effect().id(),
                null, d.span().toString(), (d.effect() == Effect.ALLOW ? "no rule applies" : "no rule allows this")
                        + "; the default for channel `" + channel.id() + "` is " + d.effect().id())));
    }

    Decision combine(Channel channel, Hits hits) {
        List<Entry> entries = compiled.entries();
        List<Reason> enforced = new ArrayList<>();
        List<Reason> audited = new ArrayList<>();
        List<Reason> allows = new ArrayList<>();
        for (Hits.Obligation o : hits.obligations) {
            enforced.add(new Reason(o.code(), null, null, o.message()));
        }
        List<Hits.DemandHit> demands = hits.demands.size() < 2 ? hits.demands
                : hits.demands.stream().sorted(Comparator.comparingInt(Hits.DemandHit::entry)).toList();
        for (Hits.DemandHit d : demands) {
            Entry e = entries.get(d.entry());
            String code = e.code() != null ? e.code() : d.verdict().code();
            if (obliged(hits, code)) continue; // the process's own securebits already deny for the same reason
            Reason r = e.code() != null
                    ? new Reason(code, null, e.span().toString(),
                            e.message() + ": code given through `" + channel.id() + "` cannot be checked")
                    : new Reason(code, null, e.span().toString(), d.verdict().message() + " (" + e.message() + ")");
            (e.enforced() ? enforced : audited).add(r);
        }
        int[] fired = hits.rules.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(fired);
        for (int k = 0; k < fired.length; k++) {
            int i = fired[k];
            if (k > 0 && fired[k - 1] == i) continue; // a split rule may fire more than once
            Entry e = entries.get(i);
            if (e.effect() == Effect.ALLOW) {
                allows.add(rules[i]);
            } else {
                (e.enforced() ? enforced : audited).add(rules[i]);
            }
        }
        if (allows.isEmpty() && enforced.isEmpty()) { // an enforced deny already decides; the default adds nothing
            Reason r = defaults.get(channel);
            if (compiled.policy().defaults().get(channel).effect() == Effect.ALLOW) {
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

    private static boolean obliged(Hits hits, String code) {
        for (Hits.Obligation o : hits.obligations) {
            if (o.code().equals(code)) return true;
        }
        return false;
    }

    private static String ruleMessage(Entry e) {
        return switch (e.effect()) {
            case ALLOW -> "allowed by rule `" + e.ruleId() + "`";
            case DENY -> (e.enforced() ? "denied" : "would be denied (audit mode)") + " by rule `" + e.ruleId() + "`";
            case AUDIT -> "would be denied by audit rule `" + e.ruleId() + "`";
        };
    }
}
