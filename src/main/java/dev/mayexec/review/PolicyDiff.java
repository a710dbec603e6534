package dev.mayexec.review;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.facts.Channel;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.lint.analysis.Undecided;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.Mode;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The semantic difference of two policies: for each channel, the requests whose code runs under one
 * and not the other, decided exactly by the lint analysis ({@link Analysis}) over one alphabet of
 * paths. Each difference is cut into regions by the cause in each policy (the first allow rule, in
 * file order, that lets it run; the first deny that stops it), described by the conditions of
 * those causes, and shown with a minimal example request that both engines then decide, so that
 * every example shown really differs. Where the analysis gives up, the result says so: "no change"
 * is only claimed when every channel was decided.
 */
public final class PolicyDiff {
    private PolicyDiff() {}

    /** Why a policy lets a request run, or stops it: a rule, a channel's default, a {@code kernel:} block, audit mode. */
    public record Cause(String kind, String rule, String source, List<String> conditions) {
        public Cause {
            conditions = List.copyOf(conditions);
        }

        /** One line: {@code allow rule `x` (users/alice.yaml:4:5)}. */
        public String describe() {
            return switch (kind) {
                case "rule" -> "rule `" + rule + "` (" + source + ")";
                case "default" -> "the channel's default (" + source + ")";
                case "kernel" -> "a `kernel:` block";
                default -> "audit mode (" + source + ")";
            };
        }
    }

    /**
     * Requests of {@code channel} that run under one policy and not the other ({@code allowed}: they
     * run under NEW only), those that {@code inNew} and {@code inOld} decide, with an example
     * ({@code null} when none could be made) and each engine's decision on it. An {@code auditOnly}
     * region runs under both, but its decision changes between allow and a deny that is not enforced
     * (audit); {@code allowed} then says that NEW's decision is the allow.
     */
    public record Region(Channel channel, boolean allowed, Cause inNew, Cause inOld, String example, Decision oldDecision,
            Decision newDecision, boolean auditOnly) {
        /** A region where what runs changes. */
        public Region(Channel channel, boolean allowed, Cause inNew, Cause inOld, String example, Decision oldDecision,
                Decision newDecision) {
            this(channel, allowed, inNew, inOld, example, oldDecision, newDecision, false);
        }

        /** {@code newly allowed}, {@code newly denied}, or an audit-only change. */
        public String change() {
            if (auditOnly) return allowed ? "would-deny (audit) now allowed" : "allowed now a would-deny (audit)";
            return allowed ? "newly allowed" : "newly denied";
        }
    }

    /** The difference: regions, and what could not be decided (then no "no change" is claimed). */
    public record Result(String oldHash, String newHash, List<Region> regions, List<String> undecided) {
        public Result {
            regions = List.copyOf(regions);
            undecided = List.copyOf(undecided);
        }

        /** Whether no decision changes anywhere, decided exactly. */
        public boolean noChange() {
            return regions.isEmpty() && undecided.isEmpty();
        }
    }

    /** Compares the policies of {@code older} and {@code newer}. */
    public static Result diff(Decider older, Decider newer) {
        Policy po = older.engine().compiled().policy();
        Policy pn = newer.engine().compiled().policy();
        List<Analysis> pair;
        try {
            pair = Analysis.pair(po, pn, Map.of());
        } catch (IllegalArgumentException e) {
            return new Result(po.hash(), pn.hash(), List.of(), List.of("no channel: " + e.getMessage()
                    + ", so the analysis cannot compare them exactly"));
        }
        Analysis a = pair.get(0);
        Analysis b = pair.get(1);
        List<Region> regions = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        Formula runsOld = a.runs();
        Formula runsNew = b.runs();
        for (Channel c : Channel.values()) {
            try {
                Formula ch = Analysis.channel(c);
                regions(regions, undecided, c, true, Formula.all(ch, runsNew, Formula.not(runsOld)), b, a, older, newer);
                regions(regions, undecided, c, false, Formula.all(ch, runsOld, Formula.not(runsNew)), b, a, older, newer);
                Formula auditOld = auditDeny(a);
                Formula auditNew = auditDeny(b);
                if (auditOld.equals(Formula.FALSE) && auditNew.equals(Formula.FALSE)) continue; // nothing is ever audited
                Formula bothRun = Formula.all(ch, runsOld, runsNew);
                audit(regions, undecided, c, true, Formula.all(bothRun, auditOld, Formula.not(auditNew)), b, older, newer);
                audit(regions, undecided, c, false, Formula.all(bothRun, Formula.not(auditOld), auditNew), b, older, newer);
            } catch (Undecided e) {
                undecided.add("channel `" + c.id() + "`: the analysis gave up (" + e.getMessage() + ")");
            }
        }
        return new Result(po.hash(), pn.hash(), regions, undecided);
    }

    /** The regions of one difference, cut by NEW's cause and then OLD's. */
    private static void regions(List<Region> out, List<String> undecided, Channel c, boolean allowed, Formula diff,
            Analysis b, Analysis a, Decider older, Decider newer) {
        if (!b.satisfiable(diff)) return;
        List<Named> newCauses = allowed ? allows(b, c) : denies(b, c);
        List<Named> oldCauses = allowed ? denies(a, c) : allows(a, c);
        List<Formula> seenNew = new ArrayList<>();
        int before = out.size();
        for (Named n : newCauses) {
            Formula byNew = Formula.all(diff, n.formula(), Formula.not(Formula.any(seenNew)));
            seenNew.add(n.formula());
            if (!b.satisfiable(byNew)) continue;
            List<Formula> seenOld = new ArrayList<>();
            for (Named o : oldCauses) {
                Formula region = Formula.all(byNew, o.formula(), Formula.not(Formula.any(seenOld)));
                seenOld.add(o.formula());
                if (!b.satisfiable(region)) continue;
                Cause inNew = allowed ? n.cause() : unless(n.cause(), b, c, region);
                Cause inOld = allowed ? unless(o.cause(), a, c, region) : o.cause();
                Region r = example(c, allowed, inNew, inOld, b.witness(region), older, newer);
                out.add(r);
                if (r.example() == null) {
                    undecided.add("channel `" + c.id() + "`: a region (" + (allowed ? "newly allowed" : "newly denied")
                            + ", " + n.cause().describe() + ") has no example that both engines decide differently");
                }
            }
        }
        if (out.size() == before) { // the causes must cover the difference; say so if they did not
            undecided.add("channel `" + c.id() + "`: requests are " + (allowed ? "newly allowed" : "newly denied")
                    + " for no cause the diff can name");
        }
    }

    /**
     * Requests that run under both policies but whose decision changes between allow and a deny that
     * is not enforced: one region a direction, described by the example's reasons in each policy.
     */
    private static void audit(List<Region> out, List<String> undecided, Channel c, boolean allowed, Formula diff,
            Analysis b, Decider older, Decider newer) {
        if (!b.satisfiable(diff)) return;
        Optional<Analysis.Example> ex = b.witness(diff);
        if (ex.isPresent()) {
            try {
                var request = RequestJson.parse(ex.get().json());
                Decision o = older.decide(request);
                Decision n = newer.decide(request);
                if (!o.denied() && !n.denied() && (n.decision() == Decision.Outcome.ALLOW) == allowed
                        && o.decision() != n.decision()) {
                    out.add(new Region(c, allowed, reasonCause(n), reasonCause(o), ex.get().json(), o, n, true));
                    return;
                }
            } catch (RequestException e) {
                // falls through: no example
            }
        }
        undecided.add("channel `" + c.id() + "`: requests whose decision changes between allow and an audit-mode"
                + " would-deny, with no example both engines decide so");
    }

    private static Cause reasonCause(Decision d) {
        var r = d.reasons().getFirst();
        return new Cause(r.rule() != null ? "rule" : r.code().startsWith("default.") ? "default" : "kernel", r.rule(),
                r.source() == null ? "" : r.source(), List.of(r.message()));
    }

    /**
     * Of the requests whose code runs, those the policy decides deny all the same (not enforced): a
     * deny that is not enforced (an audit rule, a rule of a scope in audit mode), a {@code kernel:}
     * block that is not enforced, or, for a policy in audit mode, no allow. {@link Formula#FALSE}
     * when the policy audits nothing. Asked only together with "runs", where every enforced deny is
     * already false: the smaller formula keeps the solver within its budget.
     */
    private static Formula auditDeny(Analysis x) {
        List<Formula> parts = new ArrayList<>();
        for (Analysis.Ref r : x.rules()) {
            if (r.isDeny() && !x.enforced(r)) parts.add(x.matches(r));
        }
        boolean audits = x.policy().mode() == Mode.AUDIT;
        boolean auditedKernel = x.policy().files().stream().anyMatch(f -> f.kernel() != null && !f.kernel().isEmpty()
                && (audits || f.mode() == Mode.AUDIT));
        if (auditedKernel) parts.add(x.demandsDeny(false, false));
        if (audits) parts.add(Formula.all(Formula.not(x.anyAllow()), Formula.not(x.defaultAllow())));
        return Formula.any(parts);
    }

    private static Region example(Channel c, boolean allowed, Cause inNew, Cause inOld, Optional<Analysis.Example> ex,
            Decider older, Decider newer) {
        if (ex.isEmpty()) return new Region(c, allowed, inNew, inOld, null, null, null);
        try {
            var request = RequestJson.parse(ex.get().json());
            Decision o = older.decide(request);
            Decision n = newer.decide(request);
            boolean differs = allowed ? o.denied() && !n.denied() : !o.denied() && n.denied();
            return differs ? new Region(c, allowed, inNew, inOld, ex.get().json(), o, n)
                    : new Region(c, allowed, inNew, inOld, null, o, n);
        } catch (RequestException e) {
            return new Region(c, allowed, inNew, inOld, null, null, null);
        }
    }

    /** A cause with the formula of the requests it covers. */
    private record Named(Cause cause, Formula formula) {}

    /** What lets a request of channel {@code c} run, in order: allow rules (file order), the default, audit mode. */
    private static List<Named> allows(Analysis x, Channel c) {
        List<Named> out = new ArrayList<>();
        for (Analysis.Ref r : x.rules()) {
            if (r.isAllow() && r.rule().channels().contains(c)) out.add(new Named(rule(x, r), x.matches(r)));
        }
        ChannelDefault d = x.policy().defaults().get(c);
        if (d != null && d.effect() == Effect.ALLOW) {
            out.add(new Named(new Cause("default", null, d.span().toString(), List.of("no allow rule matches, and the"
                    + " default for `" + c.id() + "` is allow")), Formula.TRUE));
        }
        if (x.policy().mode() == Mode.AUDIT) {
            out.add(new Named(new Cause("audit", null, "policy.yaml", List.of("the policy is in audit mode: no deny is"
                    + " enforced")), Formula.TRUE));
        }
        return out;
    }

    /** What stops a request of channel {@code c}, in order: enforced deny rules, a {@code kernel:} block, no allow. */
    private static List<Named> denies(Analysis x, Channel c) {
        List<Named> out = new ArrayList<>();
        for (Analysis.Ref r : x.rules()) {
            if (x.enforced(r) && r.rule().channels().contains(c)) out.add(new Named(rule(x, r), x.matches(r)));
        }
        out.add(new Named(new Cause("kernel", null, null, List.of("a `kernel:` block of the policy demands a kernel check"
                + " that fails, or securebits it assumes set deny the channel")), x.demandsDeny(true, false)));
        ChannelDefault d = x.policy().defaults().get(c);
        if (d != null && d.effect() == Effect.DENY) {
            out.add(new Named(new Cause("default", null, d.span().toString(), List.of("no allow rule matches, and the"
                    + " default for `" + c.id() + "` is deny")), Formula.TRUE));
        }
        return out;
    }

    /**
     * A default deny, with the allow rules that did not match although the region is in their scope:
     * what the region lacks ("but not rule `x`: `path` under /home/alice/bin"), which is what a
     * reader needs to see where the line moved.
     */
    private static Cause unless(Cause cause, Analysis x, Channel c, Formula region) {
        if (!cause.kind().equals("default")) return cause;
        List<String> conditions = new ArrayList<>(cause.conditions());
        for (Analysis.Ref r : x.rules()) {
            if (!r.isAllow() || !r.rule().channels().contains(c)) continue;
            if (!x.satisfiable(Formula.all(region, Analysis.scope(r.file().scope())))) continue;
            Cause missed = rule(x, r);
            conditions.add("not matched by " + missed.describe() + ", which needs " + String.join("; ",
                    missed.conditions().subList(1, missed.conditions().size())));
        }
        return new Cause(cause.kind(), cause.rule(), cause.source(), conditions);
    }

    private static Cause rule(Analysis x, Analysis.Ref r) {
        List<String> conditions = new ArrayList<>();
        conditions.add(r.rule().effect().id() + " rule");
        Scope scope = r.file().scope();
        if (!(scope instanceof Scope.Everyone)) conditions.add("for " + scope.describe());
        for (Condition cond : r.rule().when()) conditions.add(Wording.needs(cond, x.policy()));
        for (List<Condition> block : r.rule().unless()) {
            conditions.add("unless " + String.join(" and ", block.stream().map(cond -> Wording.needs(cond, x.policy()))
                    .toList()));
        }
        return new Cause("rule", r.id(), r.rule().span().toString(), conditions);
    }
}
