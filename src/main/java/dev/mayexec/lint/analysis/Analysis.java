package dev.mayexec.lint.analysis;

import dev.mayexec.engine.Facts;
import dev.mayexec.engine.Query;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Securebit;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.KernelLevel;
import dev.mayexec.policy.KernelSettings;
import dev.mayexec.policy.Mode;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.policy.SetType;
import dev.mayexec.policy.ValueType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The policy as formulas over requests: what each rule matches, what the policy denies, what runs.
 * Questions are answered exactly over the condition language ({@link Solver}); every example a
 * check reports is first replayed on the engine's own facts for the request ({@link #example}).
 */
public final class Analysis {
    private static final Map<String, RecordComponent> QUERY_FIELDS = new HashMap<>();

    static {
        for (RecordComponent c : Query.class.getRecordComponents()) QUERY_FIELDS.put(c.getName(), c);
    }

    /** A rule with the file it stands in; {@code index} orders rules across the policy. */
    public record Ref(Rule rule, ScopeFile file, int index) {
        public String id() {
            return rule.id();
        }

        public boolean isAllow() {
            return rule.effect() == Effect.ALLOW;
        }

        /** A deny or an audit rule: one that makes the decision deny. */
        public boolean isDeny() {
            return !isAllow();
        }
    }

    private final Policy policy;
    private final Families families;
    private final Solver solver;
    private final List<Ref> rules;
    /** Each rule's formula, and the rules it can meet, made once and shared by every check. */
    private final Formula[] matches;
    private final List<Ref>[] meeting;
    private RuleIndex index;
    /**
     * Per rule: the families of attributes its formula reads (a bit each), and for each channel
     * (a bit each) whether some request on it matches the rule, and whether some does not; -1 until
     * asked. Two rules that read no family in common meet, or cover one another, exactly as these
     * bits say, since the solver treats families independently and only the channel ties them.
     */
    private final long[] familiesRead;
    private final int[] onChannel;
    private final int[] offChannel;
    private final Map<String, Integer> familyBits = new HashMap<>();

    /**
     * @param passwd user names and their uids as the target host knows them ({@code root} is 0 in any case)
     * @param paths paths beyond the policy's own that the analysis will meet (for its alphabet)
     */
    public Analysis(Policy policy, Map<String, Integer> passwd, Collection<String> paths) {
        this(policy, families(List.of(policy), passwd, paths));
    }

    private Analysis(Policy policy, Families families) {
        this.policy = policy;
        this.families = families;
        this.solver = new Solver(families);
        List<Ref> refs = new ArrayList<>();
        for (ScopeFile f : policy.files()) {
            for (Rule r : f.rules()) refs.add(new Ref(r, f, refs.size()));
        }
        this.rules = List.copyOf(refs);
        this.matches = new Formula[rules.size()];
        @SuppressWarnings("unchecked")
        List<Ref>[] m = new List[rules.size()];
        this.meeting = m;
        this.familiesRead = new long[rules.size()];
        this.onChannel = new int[rules.size()];
        this.offChannel = new int[rules.size()];
        Arrays.fill(onChannel, -1);
        Arrays.fill(offChannel, -1);
    }

    /**
     * Analyses of two policies over one alphabet of paths, so that a formula may mix the two (a
     * semantic diff: what one allows and the other does not). The interpreter profiles must be the
     * same in both (the solver ties a process's exe to the first profile that matches it).
     *
     * @throws IllegalArgumentException when the policies' interpreter profiles differ
     */
    public static List<Analysis> pair(Policy a, Policy b, Map<String, Integer> passwd) {
        if (!executables(a).equals(executables(b))) {
            throw new IllegalArgumentException("the two policies' interpreter profiles name different executables");
        }
        Families shared = families(List.of(a, b), passwd, List.of());
        return List.of(new Analysis(a, shared), new Analysis(b, shared));
    }

    private static List<List<String>> executables(Policy p) {
        return p.interpreters().stream().map(i -> Stream.concat(Stream.of(i.name()),
                i.executables().stream().map(PathPattern::text)).toList()).toList();
    }

    private static Families families(List<Policy> policies, Map<String, Integer> passwd, Collection<String> paths) {
        List<String> texts = new ArrayList<>(paths);
        policies.forEach(policy -> patterns(policy).forEach(p -> texts.add(text(p))));
        Map<String, Integer> names = new HashMap<>(passwd);
        names.put("root", 0);
        return new Families(new PathSpace(texts), policies.getFirst().interpreters(), names);
    }

    private static Stream<PathPattern> patterns(Policy policy) {
        Stream<PathPattern> inRules = policy.files().stream().flatMap(f -> f.rules().stream())
                .flatMap(r -> Stream.concat(r.when().stream(), r.unless().stream().flatMap(List::stream)))
                .filter(Condition.PathMatch.class::isInstance)
                .flatMap(c -> ((Condition.PathMatch) c).patterns().stream());
        Stream<PathPattern> inSets = policy.sets().values().stream().filter(s -> s.type() == SetType.PATHS)
                .flatMap(s -> s.members().stream().map(PathPattern.class::cast));
        Stream<PathPattern> inProfiles = policy.interpreters().stream().flatMap(i -> i.executables().stream());
        return Stream.of(inRules, inSets, inProfiles).flatMap(s -> s);
    }

    private static String text(PathPattern p) {
        return switch (p) {
            case PathPattern.Exact e -> e.path();
            case PathPattern.Under u -> u.dir();
            case PathPattern.Glob g -> g.glob();
        };
    }

    public Policy policy() {
        return policy;
    }

    /** Every rule of the policy, in file order. */
    public List<Ref> rules() {
        return rules;
    }

    /** Whether the rule's denies are enforced (neither an audit rule nor in audit mode). */
    public boolean enforced(Ref r) {
        return r.rule().effect() == Effect.DENY && policy.mode() == Mode.ENFORCE && r.file().mode() == Mode.ENFORCE;
    }

    /* ------- atoms ------- */

    public ValueSet all(Attribute a) {
        return families.all(a);
    }

    public PathSet paths(List<PathPattern> patterns) {
        return PathSet.of(families.space(), patterns);
    }

    public static Formula attr(Attribute a, ValueSet values) {
        return Formula.lit(new Atom.Attr(a, values));
    }

    public static Formula channels(Set<Channel> channels) {
        return Formula.lit(new Atom.Channels(channels));
    }

    public static Formula channel(Channel c) {
        return channels(Set.of(c));
    }

    /** The attribute is known (has any value). */
    public Formula known(Attribute a) {
        return attr(a, all(a));
    }

    /** The attribute is unknown. */
    public Formula unknown(Attribute a) {
        return Formula.not(known(a));
    }

    /** The values a condition admits (sets resolved). */
    public ValueSet values(Condition c) {
        return switch (c) {
            case Condition.OneOf o -> Strings.of(o.values());
            case Condition.IntOneOf o -> IntSet.of(o.values());
            case Condition.IntRange r -> IntSet.range(r.min() == null ? 0 : r.min(), r.max() == null ? IntSet.MAX : r.max());
            case Condition.Is b -> Strings.of(String.valueOf(b.value()));
            case Condition.PathMatch p -> paths(p.patterns());
            case Condition.ModeBits m -> ModeSet.of(m.test(), m.mask());
            case Condition.InSet s -> members(c.attribute(), policy.sets().get(s.set()));
        };
    }

    private ValueSet members(Attribute a, NamedSet set) {
        if (set == null) return a.type() == ValueType.PATH ? paths(List.of()) : a.type() == ValueType.INT
                || a.type() == ValueType.INT_MEMBER ? IntSet.NONE : Strings.NONE;
        return switch (set.type()) {
            case PATHS -> paths(set.members().stream().map(PathPattern.class::cast).toList());
            case IDS -> IntSet.of(set.members().stream().map(Integer.class::cast).toList());
            default -> Strings.of(set.members().stream().map(String.class::cast).toList());
        };
    }

    public Formula condition(Condition c) {
        return new Formula.Lit(new Atom.Attr(c.attribute(), values(c)), true, c);
    }

    public Formula block(List<Condition> conditions) {
        return Formula.all(conditions.stream().map(this::condition).toList());
    }

    /** The scope's implicit condition. */
    public static Formula scope(Scope s) {
        return switch (s) {
            case Scope.Everyone e -> Formula.TRUE;
            case Scope.User u -> attr(Attribute.USER, Strings.of(u.name()));
            case Scope.Uid u -> attr(Attribute.UID, IntSet.of(List.of(u.uid())));
            case Scope.Group g -> attr(Attribute.GROUP, IntSet.of(List.of(g.gid())));
            case Scope.Service v -> attr(Attribute.SERVICE, Strings.of(v.unit()));
            case Scope.Interpreter i -> attr(Attribute.INTERPRETER, Strings.of(i.name()));
        };
    }

    /** The rule's channels, scope and {@code when}, without its exceptions. */
    public Formula when(Ref r) {
        return Formula.all(channels(r.rule().channels()), scope(r.file().scope()), block(r.rule().when()));
    }

    /** Exactly the requests the rule matches. */
    public Formula matches(Ref r) {
        Formula f = matches[r.index()];
        if (f == null) {
            List<Formula> parts = new ArrayList<>(List.of(when(r)));
            for (List<Condition> b : r.rule().unless()) parts.add(Formula.not(block(b)));
            f = matches[r.index()] = Formula.all(parts);
        }
        return f;
    }

    /**
     * The rules that some request could match together with {@code r} (itself included), in
     * policy order: every other rule is disjoint from it, so a question about the requests {@code r}
     * matches need consider only these ({@link RuleIndex}).
     */
    public List<Ref> meeting(Ref r) {
        List<Ref> m = meeting[r.index()];
        if (m == null) {
            if (index == null) index = new RuleIndex(rules.stream().map(this::when).toList());
            m = meeting[r.index()] = Arrays.stream(index.meeting(r.index())).mapToObj(rules::get).toList();
        }
        return m;
    }

    /** Whether some request matches both rules. */
    public boolean meet(Ref a, Ref b) {
        if (disjointFamilies(a, b)) return (on(a) & on(b)) != 0;
        return satisfiable(Formula.all(matches(a), matches(b)));
    }

    /** Whether every request that rule {@code a} matches, rule {@code b} matches too. */
    public boolean covers(Ref b, Ref a) {
        if (disjointFamilies(a, b)) return (on(a) & off(b)) == 0;
        return implies(matches(a), matches(b));
    }

    /**
     * Whether every request {@code f} admits matches one of {@code rules}. Decided lazily: find a
     * request of {@code f} that none of the rules taken so far matches, take the rules it matches,
     * and again, until none is found (covered) or the request matches none (not covered). When a
     * request found does not replay as the solver meant it, the whole disjunction is solved instead.
     */
    public boolean coveredBy(Formula f, List<Ref> rules) {
        try {
            return avoiding(f, rules).isEmpty();
        } catch (Undecided e) {
            return implies(f, Formula.any(rules.stream().map(this::matches).toList()));
        }
    }

    private boolean disjointFamilies(Ref a, Ref b) {
        return (familiesOf(a) & familiesOf(b)) == 0;
    }

    private long familiesOf(Ref r) {
        if (familiesRead[r.index()] == 0) familiesRead[r.index()] = Long.MIN_VALUE | familyMask(matches(r));
        return familiesRead[r.index()] & Long.MAX_VALUE;
    }

    private long familyMask(Formula f) {
        return switch (f) {
            case Formula.Lit l when l.atom() instanceof Atom.Attr a ->
                    1L << familyBits.computeIfAbsent(Families.family(a.attribute()), k -> familyBits.size());
            case Formula.Lit l -> 0L;
            case Formula.All a -> a.parts().stream().mapToLong(this::familyMask).reduce(0L, (x, y) -> x | y);
            case Formula.Any o -> o.parts().stream().mapToLong(this::familyMask).reduce(0L, (x, y) -> x | y);
        };
    }

    /** The channels on which some request matches the rule. */
    private int on(Ref r) {
        if (onChannel[r.index()] < 0) onChannel[r.index()] = channelBits(matches(r), r.rule().channels());
        return onChannel[r.index()];
    }

    /** The channels on which some request does not match the rule. */
    private int off(Ref r) {
        if (offChannel[r.index()] < 0) {
            offChannel[r.index()] = channelBits(Formula.not(matches(r)), EnumSet.allOf(Channel.class));
        }
        return offChannel[r.index()];
    }

    private int channelBits(Formula f, Set<Channel> channels) {
        int bits = 0;
        for (Channel c : channels) {
            if (satisfiable(Formula.all(f, channel(c)))) bits |= 1 << c.ordinal();
        }
        return bits;
    }

    /* ------- the policy's decision ------- */

    /** The requests some allow rule matches. */
    public Formula anyAllow() {
        return Formula.any(rules.stream().filter(Ref::isAllow).map(this::matches).toList());
    }

    /** The requests some enforced deny matches. */
    public Formula enforcedDeny() {
        return Formula.any(rules.stream().filter(this::enforced).map(this::matches).toList());
    }

    /** The channels whose default is allow. */
    public Formula defaultAllow() {
        Set<Channel> cs = EnumSet.noneOf(Channel.class);
        policy.defaults().forEach((c, d) -> {
            if (d.effect() == Effect.ALLOW) cs.add(c);
        });
        return cs.isEmpty() ? Formula.FALSE : channels(cs);
    }

    /** The requests whose code runs: no enforced deny, no enforced kernel demand fails, and an allow or an allow default applies. */
    public Formula runs() {
        Formula allowed = policy.mode() == Mode.AUDIT ? Formula.TRUE : Formula.any(anyAllow(), defaultAllow());
        return Formula.all(Formula.not(enforcedDeny()), Formula.not(demandsDeny(true, false)), allowed);
    }

    /**
     * The requests a {@code kernel:} block of some scope denies (only enforced blocks when
     * {@code enforcedOnly}). The engine computes the mount and permission verdicts from facts; here
     * passing the permission check is widened to "regular file" ({@code wide}, for proofs that a
     * request is denied) or narrowed to "the kernel allowed" (else, for examples that must run).
     */
    public Formula demandsDeny(boolean enforcedOnly, boolean wide) {
        List<Formula> out = new ArrayList<>();
        for (ScopeFile f : policy.files()) {
            KernelSettings k = f.kernel();
            if (k == null || k.isEmpty()) continue;
            if (enforcedOnly && (policy.mode() != Mode.ENFORCE || f.mode() != Mode.ENFORCE)) continue;
            List<Formula> denied = new ArrayList<>();
            KernelLevel level = k.securebits().contains(Securebit.EXEC_RESTRICT_FILE) ? KernelLevel.BOTH : k.check();
            if (level != KernelLevel.NONE) {
                denied.add(Formula.all(channels(fileChannels()), Formula.not(passes(level, wide))));
            }
            if (k.securebits().contains(Securebit.EXEC_DENY_INTERACTIVE)) {
                denied.add(Formula.all(channel(Channel.STDIN), Formula.not(kernelAllows())));
                denied.add(channels(fileless()));
            }
            out.add(Formula.all(scope(f.scope()), Formula.any(denied)));
        }
        return Formula.any(out);
    }

    /** What an enforced {@code kernel:} block denies, narrowed so that the examples built with it run. */
    private Formula demandsDeny() {
        return demandsDeny(true, false);
    }

    private Formula kernelAllows() {
        return attr(Attribute.KERNEL_CHECK, Strings.of("allow"));
    }

    private Formula passes(KernelLevel level, boolean wide) {
        Formula regular = attr(Attribute.FILE_TYPE, Strings.of("regular"));
        return switch (level) {
            case NONE -> Formula.TRUE;
            case BOTH -> kernelAllows();
            case MOUNT -> Formula.any(kernelAllows(), Formula.all(regular, attr(Attribute.NOEXEC, Strings.of("false"))));
            case PERMISSION -> wide ? Formula.any(kernelAllows(), regular) : kernelAllows();
        };
    }

    /**
     * A request that {@code allow} matches, that satisfies {@code f}, and whose code runs: no
     * enforced deny matches it and no enforced kernel demand denies it (the allow makes it allowed).
     */
    public Optional<Example> runsUnder(Ref allow, Formula f) {
        List<Ref> denies = meeting(allow).stream().filter(this::enforced).toList();
        return avoiding(Formula.all(matches(allow), f, Formula.not(demandsDeny())), denies);
    }

    /**
     * A request on channel {@code c}, whose default is allow, that satisfies {@code f}, that no
     * allow rule matches, and whose code runs by that default.
     */
    public Optional<Example> runsByDefault(Channel c, Formula f) {
        List<Ref> avoid = rules.stream().filter(r -> r.rule().channels().contains(c) && (r.isAllow() || enforced(r)))
                .toList();
        return avoiding(Formula.all(channel(c), f, Formula.not(demandsDeny())), avoid);
    }

    /**
     * A request that satisfies {@code f} and that none of {@code rules} matches, replayed on the
     * engine's facts. The rules are added lazily (solve, then exclude the rules the request
     * matches, until it matches none), which is exact and keeps formulas small when thousands of
     * rules could be in the way but few are.
     */
    private Optional<Example> avoiding(Formula f, List<Ref> rules) {
        List<Formula> avoided = new ArrayList<>();
        Set<Ref> seen = new HashSet<>();
        while (true) {
            Optional<Model> m = solve(Formula.all(f, Formula.not(Formula.any(avoided))));
            if (m.isEmpty()) return Optional.empty();
            String json = Witness.json(m.get());
            Query q = query(json);
            if (q == null || !f.holds(atom -> holds(atom, q))) throw unreplayed();
            List<Ref> hit = rules.stream().filter(r -> matches(r).holds(atom -> holds(atom, q))).toList();
            if (hit.isEmpty()) return Optional.of(new Example(m.get(), json));
            for (Ref r : hit) {
                if (!seen.add(r)) throw unreplayed(); // the solver excluded it, the engine's facts say it matches
                avoided.add(matches(r));
            }
        }
    }

    private static Undecided unreplayed() {
        return new Undecided("a request found does not replay as the solver meant it");
    }

    public static Set<Channel> fileChannels() {
        return EnumSet.of(Channel.FILE, Channel.MODULE, Channel.LIBRARY, Channel.CONFIG);
    }

    public static Set<Channel> fileless() {
        return EnumSet.of(Channel.INLINE, Channel.INTERACTIVE, Channel.ENVIRONMENT);
    }

    /* ------- answers ------- */

    public boolean satisfiable(Formula f) {
        return solver.satisfiable(f);
    }

    /** Whether every request that satisfies {@code a} satisfies {@code b}. */
    public boolean implies(Formula a, Formula b) {
        return !satisfiable(Formula.all(a, Formula.not(b)));
    }

    public Optional<Model> solve(Formula f) {
        return solver.solve(f);
    }

    /**
     * Returns a request that satisfies {@code f}, as JSON, once the engine's own facts for it
     * confirm that it does; empty when nothing satisfies {@code f} or the example does not replay.
     */
    public Optional<String> example(Formula f) {
        return witness(f).map(Example::json);
    }

    /** A request that demonstrates a finding: the model the solver found, and its JSON. */
    public record Example(Model model, String json) {}

    /** Like {@link #example}, with the model (to name the values it chose). */
    public Optional<Example> witness(Formula f) {
        return solve(f).map(m -> new Example(m, Witness.json(m))).filter(e -> replays(f, e.json()));
    }

    /** Whether {@code f} holds on the request {@code json}, evaluated on the facts the engine would use. */
    public boolean replays(Formula f, String json) {
        Query q = query(json);
        return q != null && holds(f, q);
    }

    /** The engine's facts for a request, or null when {@code decide} would refuse it. */
    private Query query(String json) {
        try {
            return Facts.of(RequestJson.parse(json), policy);
        } catch (RequestException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code f} holds on the engine's facts {@code q} (a request the engine decided). */
    public static boolean holds(Formula f, Query q) {
        return f.holds(atom -> holds(atom, q));
    }

    /** The attribute's value in the engine's facts, as the engine holds it, or {@code null} when unknown. */
    public static Object value(Query q, Attribute a) {
        return field(q, a);
    }

    private static boolean holds(Atom atom, Query q) {
        return switch (atom) {
            case Atom.Channels c -> c.channels().stream().anyMatch(ch -> ch.id().equals(q.channel()));
            case Atom.Attr a -> {
                Object v = field(q, a.attribute());
                if (v instanceof Collection<?> held) yield held.stream().anyMatch(a.values()::contains);
                yield v != null && a.values().contains(v);
            }
        };
    }

    private static Object field(Query q, Attribute a) {
        RecordComponent c = QUERY_FIELDS.get(a.field());
        if (c == null) throw new IllegalStateException("the query has no field `" + a.field() + "`");
        try {
            return c.getAccessor().invoke(q);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
