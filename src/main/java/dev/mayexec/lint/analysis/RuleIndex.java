package dev.mayexec.lint.analysis;

import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules can meet: rules indexed by the attributes that discriminate them, so that a check
 * compares a rule only with the rules that some request could match together with it (the rest
 * are disjoint, and comparing them is what made linting grow with the square of the rules). Two
 * rules can meet only if their channels share one, every scalar attribute both constrain (a user, a
 * service, an interpreter, a uid, a boolean) admits a common value, and their paths have literal
 * prefixes of which one starts the other. This is a necessary condition read off the rules'
 * {@code when} and scope (never their exceptions), so no pair that meets is left out.
 */
final class RuleIndex {
    /** What discriminates one rule. */
    private record Key(int channels, Map<Attribute, ValueSet> values, List<String> prefixes) {}

    private final Key[] keys;
    /** Rules with a path condition, by the literal prefix of each of its patterns (sorted). */
    private final String[] prefixes;
    private final int[] prefixRules;
    private final Map<String, int[]> byPrefix = new HashMap<>();
    /** Rules with no path condition: every rule may meet them as far as paths go. */
    private final int[] pathless;

    RuleIndex(List<Formula> whens) {
        keys = new Key[whens.size()];
        List<String> ps = new ArrayList<>();
        List<Integer> pr = new ArrayList<>();
        List<Integer> none = new ArrayList<>();
        Map<String, List<Integer>> exact = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(whens.get(i));
            if (keys[i].prefixes() == null) {
                none.add(i);
                continue;
            }
            for (String p : keys[i].prefixes()) {
                ps.add(p);
                pr.add(i);
                exact.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        Integer[] order = new Integer[ps.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> ps.get(a).compareTo(ps.get(b)));
        prefixes = new String[order.length];
        prefixRules = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            prefixes[i] = ps.get(order[i]);
            prefixRules[i] = pr.get(order[i]);
        }
        exact.forEach((p, rs) -> byPrefix.put(p, rs.stream().mapToInt(Integer::intValue).toArray()));
        pathless = none.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Key key(Formula when) {
        List<Formula> parts = when instanceof Formula.All a ? a.parts() : List.of(when);
        int channels = (1 << Channel.values().length) - 1;
        Map<Attribute, ValueSet> values = new EnumMap<>(Attribute.class);
        List<String> paths = null;
        for (Formula f : parts) {
            if (!(f instanceof Formula.Lit l) || !l.positive()) continue;
            switch (l.atom()) {
                case Atom.Channels c -> channels &= mask(c.channels());
                case Atom.Attr a when a.attribute() == Attribute.PATH
                        && a.values() instanceof PathSet p && p.pos().size() == 1 && p.neg().isEmpty() -> {
                    if (paths == null) paths = p.pos().getFirst().stream().map(RuleIndex::prefix).toList();
                }
                case Atom.Attr a when scalar(a) -> values.merge(a.attribute(), a.values(), ValueSet::and);
                default -> { }
            }
        }
        return new Key(channels, values, paths);
    }

    private static int mask(java.util.Set<Channel> cs) {
        int m = 0;
        for (Channel c : cs) m |= 1 << c.ordinal();
        return m;
    }

    /** Attributes a request holds one value of, in a form cheap to intersect. */
    private static boolean scalar(Atom.Attr a) {
        ValueType t = a.attribute().type();
        boolean oneValue = t == ValueType.STRING || t == ValueType.ENUM || t == ValueType.BOOL || t == ValueType.INT;
        return oneValue && (a.values() instanceof IntSet || (a.values() instanceof Strings s && !s.cofinite()));
    }

    /** The literal text every path a pattern matches starts with. */
    private static String prefix(PathPattern p) {
        return switch (p) {
            case PathPattern.Exact e -> e.path();
            case PathPattern.Under u -> u.prefix();
            case PathPattern.Glob g -> {
                StringBuilder sb = new StringBuilder();
                for (PathPattern.Part part : g.parts()) {
                    if (!(part instanceof PathPattern.Part.Literal l)) break;
                    sb.append(l.c());
                }
                yield sb.toString();
            }
        };
    }

    /** The rules that can meet rule {@code i} (itself included), in policy order. */
    int[] meeting(int i) {
        Key k = keys[i];
        BitSet candidates = new BitSet(keys.length);
        if (k.prefixes() == null) {
            candidates.set(0, keys.length);
        } else {
            for (int r : pathless) candidates.set(r);
            for (String p : k.prefixes()) {
                for (int len = 1; len <= p.length(); len++) { // patterns whose prefix starts this one
                    int[] rs = byPrefix.get(p.substring(0, len));
                    if (rs != null) for (int r : rs) candidates.set(r);
                }
                int from = lowerBound(p); // patterns whose prefix this one starts
                for (int j = from; j < prefixes.length && prefixes[j].startsWith(p); j++) candidates.set(prefixRules[j]);
            }
        }
        return candidates.stream().filter(j -> meet(k, keys[j])).toArray();
    }

    private int lowerBound(String p) {
        int lo = 0;
        int hi = prefixes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefixes[mid].compareTo(p) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static boolean meet(Key a, Key b) {
        if ((a.channels() & b.channels()) == 0) return false;
        for (Map.Entry<Attribute, ValueSet> e : a.values().entrySet()) {
            ValueSet other = b.values().get(e.getKey());
            if (other != null && !intersects(e.getValue(), other)) return false;
        }
        return true;
    }

    private static boolean intersects(ValueSet a, ValueSet b) {
        if (a instanceof Strings s && b instanceof Strings t) {
            Strings small = s.elems().size() <= t.elems().size() ? s : t;
            Strings large = small == s ? t : s;
            return small.elems().stream().anyMatch(large.elems()::contains);
        }
        return !a.and(b).isEmpty();
    }
}
