package dev.mayexec.review;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.collect.LiveFactsException;
import dev.mayexec.engine.Facts;
import dev.mayexec.engine.Query;
import dev.mayexec.engine.Verdict;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestWriter;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Explains decisions: the engine decides, and the lint analysis's formulas, evaluated on the very
 * facts the engine judged, say which rules matched and which conditions of the closest allow rules
 * failed. Nothing here decides on its own: the decision shown is always the engine's.
 */
public final class Explainer {
    /** How many allow rules a why-not shows (those that matched, then the closest). */
    static final int CLOSEST = 3;

    private final Decider mx;
    private final Policy policy;
    private final Set<String> reads;
    private final Analysis analysis;

    public Explainer(Decider mx) {
        this.mx = mx;
        this.policy = mx.engine().compiled().policy();
        this.reads = mx.engine().compiled().reads();
        this.analysis = new Analysis(policy, Map.of(), List.of());
    }

    /** Explains the decision on a request (or an invocation) as given. */
    public Explanation explain(Request request) {
        Decision d = mx.decide(request);
        if (!request.isInvocation()) return explain(request, request, d);
        List<Explanation.Part> parts = new ArrayList<>();
        List<Request> requests = mx.partRequests(request);
        for (int i = 0; i < requests.size() && d.parts() != null && i < d.parts().size(); i++) {
            parts.add(new Explanation.Part(label(d.parts().get(i)), explain(requests.get(i), requests.get(i),
                    d.parts().get(i).decision())));
        }
        return invocation(request, d, parts);
    }

    /** Explains the decision on a request whose missing facts are collected from this machine, as {@code decide --live}. */
    public Explanation explain(Request request, LiveFacts live) {
        Request[] known = {null};
        Decision d = mx.decide(request, live, null, k -> known[0] = k);
        if (known[0] == null) return refused(request, d, "the facts could not be collected");
        if (!request.isInvocation()) return explain(request, known[0], d);
        List<Explanation.Part> parts = new ArrayList<>();
        List<Request> requests = mx.partRequests(known[0]);
        for (int i = 0; i < requests.size() && d.parts() != null && i < d.parts().size(); i++) {
            Request part = requests.get(i);
            Request completed;
            try {
                completed = live.complete(part, reads);
            } catch (LiveFactsException e) {
                completed = part; // its decision already says which facts were missing
            }
            parts.add(new Explanation.Part(label(d.parts().get(i)), explain(part, completed, d.parts().get(i).decision())));
        }
        return invocation(known[0], d, parts);
    }

    private Explanation invocation(Request r, Decision d, List<Explanation.Part> parts) {
        String combined = d.parts() == null || d.parts().isEmpty()
                ? d.reasons().isEmpty() ? "" : d.reasons().getFirst().message()
                : "an invocation is allowed only if every part is: " + parts.stream()
                        .map(p -> p.label() + " " + verdict(p.explanation().decision()))
                        .reduce((a, b) -> a + ", " + b).orElse("");
        return new Explanation(RequestWriter.write(r, null), d, List.of(), List.of(), List.of(), null, combined, List.of(),
                parts, null);
    }

    private static String label(Decision.Part p) {
        return p.channel().id() + (p.path() != null ? " " + p.path() : p.name() != null ? " " + p.name() : "") + " (" + p.via()
                + ")";
    }

    private static Explanation refused(Request r, Decision d, String why) {
        String because = d.reasons().isEmpty() ? why : d.reasons().getFirst().message();
        return new Explanation(RequestWriter.write(r, null), d, List.of(), List.of(), d.reasons(), null,
                "the request cannot be judged: " + because + "; that is a deny (fail closed)", List.of(), null, because);
    }

    /** One channel's request: {@code given} as asked, {@code known} with the facts collected, {@code d} its decision. */
    private Explanation explain(Request given, Request known, Decision d) {
        Query q;
        try {
            q = Facts.of(known, policy);
        } catch (IllegalArgumentException e) {
            return refused(known, d, e.getMessage());
        }
        Query asked = given == known ? q : query(given);
        String channel = q.channel();
        List<Explanation.Matched> matched = new ArrayList<>();
        List<Explanation.Candidate> candidates = new ArrayList<>();
        for (Analysis.Ref ref : analysis.rules()) {
            if (ref.rule().channels().stream().noneMatch(c -> c.id().equals(channel))) continue;
            boolean matches = Analysis.holds(analysis.matches(ref), q);
            if (matches) {
                matched.add(new Explanation.Matched(ref.id(), ref.rule().effect().id(), ref.rule().span().toString(),
                        ref.file().scope().describe(), analysis.enforced(ref)));
            }
            if (ref.isAllow()) candidates.add(new Explanation.Candidate(ref.id(), ref.rule().span().toString(), failures(ref, q)));
        }
        List<Reason> obligations = d.reasons().stream().filter(r -> !isRule(r) && !isDefault(r)).toList();
        Reason dflt = d.reasons().stream().filter(Explainer::isDefault).findFirst().orElse(null);
        List<Explanation.Candidate> whyNot = d.decision() == Decision.Outcome.ALLOW ? List.of() : closest(candidates);
        return new Explanation(RequestWriter.write(known, reads), d, facts(q, asked, given, known), matched, obligations, dflt,
                combined(d, matched), whyNot, null, null);
    }

    private Query query(Request given) {
        try {
            return Facts.of(given, policy);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The allow rules that matched (a deny overrode them), then those with the fewest failed conditions. */
    private static List<Explanation.Candidate> closest(List<Explanation.Candidate> all) {
        return all.stream().sorted(Comparator.comparingInt(c -> c.failures().size())).limit(CLOSEST).toList();
    }

    /** The conditions of an allow rule that fail on {@code q}: its scope, its {@code when}, each {@code unless} block that holds. */
    private List<Explanation.Failure> failures(Analysis.Ref ref, Query q) {
        List<Explanation.Failure> out = new ArrayList<>();
        Scope scope = ref.file().scope();
        Attribute scoped = Wording.attribute(scope);
        if (scoped != null && !Analysis.holds(Analysis.scope(scope), q)) {
            out.add(new Explanation.Failure(scoped.key(), "to be for " + Wording.needs(scope) + " (its file's scope)",
                    Wording.has(q, scoped), ref.file().file()));
        }
        for (Condition c : ref.rule().when()) {
            if (!Analysis.holds(analysis.condition(c), q)) {
                out.add(new Explanation.Failure(c.attribute().key(), Wording.needs(c, policy), Wording.has(q, c.attribute()),
                        c.span().toString()));
            }
        }
        for (List<Condition> block : ref.rule().unless()) {
            if (block.isEmpty() || !Analysis.holds(analysis.block(block), q)) continue;
            String values = block.stream().map(c -> Wording.needs(c, policy) + " (has " + Wording.has(q, c.attribute()) + ")")
                    .reduce((a, b) -> a + " and " + b).orElse("");
            out.add(new Explanation.Failure("unless", "its `unless` block not to hold", "the block holds: " + values,
                    block.getFirst().span().toString()));
        }
        return out;
    }

    private static boolean isRule(Reason r) {
        return r.code().startsWith("rule.");
    }

    private static boolean isDefault(Reason r) {
        return r.code().startsWith("default.");
    }

    /** How deny-overrides made the decision, in one sentence. */
    private String combined(Decision d, List<Explanation.Matched> matched) {
        List<String> allows = matched.stream().filter(m -> m.effect().equals(Effect.ALLOW.id()))
                .map(m -> "`" + m.rule() + "`").toList();
        if (d.decision() == Decision.Outcome.ALLOW) {
            return allows.isEmpty() ? "no rule and no obligation denies it, and no rule matched: the channel's default is allow"
                    : "no rule and no obligation denies it, and allow rule " + String.join(", ", allows) + " allows it";
        }
        List<String> causes = d.reasons().stream().map(Explainer::cause).toList();
        String s = "deny overrides allow: " + String.join("; ", causes);
        if (!allows.isEmpty()) s += "; allow rule " + String.join(", ", allows) + " matched but cannot override a deny";
        if (!d.enforced()) s += "; no deny is enforced (audit), so the code runs and the deny is logged";
        return s;
    }

    private static String cause(Reason r) {
        if (isRule(r)) return r.code().substring("rule.".length()) + " rule `" + r.rule() + "` (" + r.source() + ")";
        if (isDefault(r)) return "no rule allows it, and the channel's default is deny (" + r.source() + ")";
        if (r.source() != null) return "the `kernel:` block at " + r.source() + " demands it: " + r.message();
        return "`" + r.code() + "`: " + r.message();
    }

    /** The facts the engine used, by the names a policy tests them with, with where each came from. */
    private List<Explanation.Fact> facts(Query q, Query asked, Request given, Request known) {
        List<Explanation.Fact> out = new ArrayList<>();
        out.add(new Explanation.Fact("channel", q.channel(), "given"));
        for (Attribute a : Attribute.values()) {
            if (!reads.contains(a.field()) || a == Attribute.KERNEL_CHECK) continue;
            Object v = Analysis.value(q, a);
            if (v == null) continue;
            boolean same = asked != null && Objects.equals(v, Analysis.value(asked, a));
            // the interpreter is the profile the executable matches, whatever the request claims
            String origin = a == Attribute.INTERPRETER && known.process().exe() != null ? "from the exe's profile"
                    : same ? "given" : "collected";
            out.add(new Explanation.Fact(a.key(), Wording.value(a, v), origin));
        }
        Set<String> bits = new TreeSet<>();
        if (q.restrictFile()) bits.add("exec-restrict-file");
        if (q.denyInteractive()) bits.add("exec-deny-interactive");
        if (!bits.isEmpty()) {
            boolean same = asked != null && asked.restrictFile() == q.restrictFile()
                    && asked.denyInteractive() == q.denyInteractive();
            out.add(new Explanation.Fact("securebits", String.join(", ", bits), same ? "given" : "collected"));
        }
        if (q.kernel() != null && (q.fileChannel() || q.channel().equals("stdin"))) {
            String check = known.file() == null ? null : known.file().kernelCheck();
            String origin = check == null ? "computed"
                    : given.file() != null && check.equals(given.file().kernelCheck()) ? "given" : "collected";
            out.add(new Explanation.Fact("kernel verdict", verdict(q.kernel()), origin));
        }
        return out;
    }

    private static String verdict(Verdict v) {
        return switch (v.state()) {
            case Verdict.ALLOW -> "allow";
            case Verdict.DENY -> "deny (" + v.code() + ": " + v.message() + ")";
            default -> "unknown (" + v.message() + ")";
        };
    }

    static String verdict(Decision d) {
        if (d.decision() == Decision.Outcome.ALLOW) return "ALLOW";
        return d.enforced() ? "DENY" : "DENY (audit mode: logged, not enforced)";
    }

    /**
     * A command a person can paste to see why {@code facts} got its decision under the policy in
     * {@code dir}: the facts as a request on standard input of {@code mayexec explain}.
     */
    public static String command(String dir, Request facts, Set<String> reads) {
        // printf, not echo: dash's echo would read the backslashes of JSON's escapes (`\\`, `\n`) as its own
        return "printf '%s\\n' " + quoted(RequestWriter.write(facts, reads)) + " | mayexec explain --policy " + quoted(dir);
    }

    /** A word for a POSIX shell: single quotes, each quote inside written as {@code '\''}. */
    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
