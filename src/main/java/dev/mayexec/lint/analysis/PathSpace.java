package dev.mayexec.lint.analysis;

import dev.mayexec.policy.PathPattern;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Path patterns as finite automata over a small alphabet: every character that appears literally
 * in the policy's patterns, plus one symbol that stands for every other character. Two paths that
 * differ only in characters no pattern names are matched alike by every pattern, so deciding
 * emptiness, inclusion and intersection over this alphabet is exact. Only absolute, normalised
 * paths count (no {@code //}, {@code .} or {@code ..} segment, no trailing {@code /}), as requests must give.
 */
public final class PathSpace {
    private static final int LIT = 0;
    private static final int NOT_SLASH = 1;
    private static final int ANY = 2;
    /** How many product states one emptiness test may visit, or states one automaton may have, before it gives up. */
    private static final int MAX_STATES = 200_000;
    /** How many bits the subsets of one determinisation may hold together before it gives up (8 MiB). */
    private static final long MAX_SUBSET_BITS = 64L << 20;

    private final char[] symbols;
    private final Map<Character, Integer> index = new HashMap<>();
    private final int slash;
    private final int dot;
    private final Dfa valid;
    private final Map<List<PathPattern>, Dfa> dfas = new ConcurrentHashMap<>();
    private final Map<List<List<List<PathPattern>>>, Optional<String>> found = new ConcurrentHashMap<>();

    /** A space over the characters of {@code texts} (patterns and paths the analysis will meet). */
    public PathSpace(Collection<String> texts) {
        TreeSet<Character> chars = new TreeSet<>(List.of('/', '.'));
        for (String t : texts) {
            for (char c : t.toCharArray()) {
                if (c != '*' && c != '?') chars.add(c);
            }
        }
        symbols = new char[chars.size() + 1];
        symbols[0] = other(chars);
        int i = 1;
        for (char c : chars) {
            index.put(c, i);
            symbols[i++] = c;
        }
        slash = index.get('/');
        dot = index.get('.');
        valid = validPaths();
    }

    /** The character that stands for "any other": one that reads well in an example path. */
    private static char other(TreeSet<Character> used) {
        for (char c : "xyzqwabcdefghijklmnoprstuv0123456789_".toCharArray()) {
            if (!used.contains(c)) return c;
        }
        char c = 'A';
        while (used.contains(c)) c++;
        return c;
    }

    /** The three-state-deep automaton of absolute, normalised paths. */
    private Dfa validPaths() {
        int start = 0, root = 1, afterSlash = 2, dot1 = 3, dot2 = 4, segment = 5, dead = 6;
        int[][] next = new int[7][symbols.length];
        for (int s = 0; s < symbols.length; s++) {
            boolean isSlash = s == slash;
            boolean isDot = s == dot;
            next[start][s] = isSlash ? root : dead;
            next[root][s] = isSlash ? dead : isDot ? dot1 : segment;
            next[afterSlash][s] = next[root][s];
            next[dot1][s] = isSlash ? dead : isDot ? dot2 : segment;
            next[dot2][s] = isSlash ? dead : segment;
            next[segment][s] = isSlash ? afterSlash : segment;
            next[dead][s] = dead;
        }
        boolean[] accept = {false, true, false, false, false, true, false};
        return new Dfa(next, accept);
    }

    int symbol(char c) {
        Integer s = index.get(c);
        if (s == null) {
            throw new IllegalStateException("character `" + c + "` was not in the analysis alphabet");
        }
        return s;
    }

    /** The automaton of the paths that match any of {@code union}. */
    Dfa dfa(List<PathPattern> union) {
        return dfas.computeIfAbsent(List.copyOf(union), this::build);
    }

    /**
     * Returns the shortest valid path matched by every union of {@code pos} and by no union of
     * {@code neg}, or empty when there is none.
     *
     * @throws Undecided when the search grows past its budget
     */
    Optional<String> find(List<List<PathPattern>> pos, List<List<PathPattern>> neg) {
        List<List<List<PathPattern>>> key = List.of(pos, neg);
        Optional<String> known = found.get(key);
        if (known != null) return known;
        Optional<String> result = search(pos.stream().map(this::dfa).toList(), neg.stream().map(this::dfa).toList());
        found.put(key, result);
        return result;
    }

    private Optional<String> search(List<Dfa> pos, List<Dfa> neg) {
        List<Dfa> all = new ArrayList<>();
        all.add(valid);
        all.addAll(pos);
        all.addAll(neg);
        int mustLive = 1 + pos.size();
        Map<List<Integer>, Step> seen = new HashMap<>();
        ArrayDeque<List<Integer>> queue = new ArrayDeque<>();
        List<Integer> start = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) start.add(0);
        seen.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            List<Integer> t = queue.poll();
            if (accepts(all, mustLive, t)) return Optional.of(spell(seen, t));
            for (int s = 0; s < symbols.length; s++) {
                List<Integer> u = new ArrayList<>(t.size());
                boolean alive = true;
                for (int i = 0; i < all.size() && alive; i++) {
                    int q = all.get(i).next[t.get(i)][s];
                    alive = i >= mustLive || all.get(i).live.get(q);
                    u.add(q);
                }
                if (alive && !seen.containsKey(u)) {
                    if (seen.size() >= MAX_STATES) throw new Undecided("path languages too large to compare");
                    seen.put(u, new Step(t, s));
                    queue.add(u);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean accepts(List<Dfa> all, int mustAccept, List<Integer> t) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).accept[t.get(i)] != (i < mustAccept)) return false;
        }
        return true;
    }

    /** How the search reached a product state: from {@code parent}, reading {@code symbol}. */
    private record Step(List<Integer> parent, int symbol) {}

    private String spell(Map<List<Integer>, Step> seen, List<Integer> end) {
        StringBuilder sb = new StringBuilder();
        for (Step step = seen.get(end); step != null; step = seen.get(step.parent())) {
            sb.append(symbols[step.symbol()]);
        }
        return sb.reverse().toString();
    }

    /* ------- automata ------- */

    /** A complete deterministic automaton; state 0 starts; {@code live} marks states that can still accept. */
    static final class Dfa {
        final int[][] next;
        final boolean[] accept;
        final BitSet live;

        Dfa(int[][] next, boolean[] accept) {
            this.next = next;
            this.accept = accept;
            this.live = live(next, accept);
        }

        private static BitSet live(int[][] next, boolean[] accept) {
            BitSet live = new BitSet();
            for (int q = 0; q < accept.length; q++) if (accept[q]) live.set(q);
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int q = 0; q < next.length; q++) {
                    if (live.get(q)) continue;
                    for (int r : next[q]) {
                        if (live.get(r)) {
                            live.set(q);
                            changed = true;
                            break;
                        }
                    }
                }
            }
            return live;
        }
    }

    /** A nondeterministic automaton with ε-moves, built by hand from the patterns' few constructs. */
    private final class Nfa {
        final List<List<int[]>> edges = new ArrayList<>();
        final List<List<Integer>> eps = new ArrayList<>();
        final BitSet accept = new BitSet();

        int state() {
            if (edges.size() >= MAX_STATES) throw new Undecided("path patterns too large to analyse");
            edges.add(new ArrayList<>());
            eps.add(new ArrayList<>());
            return edges.size() - 1;
        }

        void edge(int from, int kind, int arg, int to) {
            edges.get(from).add(new int[] {kind, arg, to});
        }

        int literal(int from, String text) {
            int q = from;
            for (char c : text.toCharArray()) {
                int r = state();
                edge(q, LIT, symbol(c), r);
                q = r;
            }
            return q;
        }

        /** Appends {@code pattern} after state {@code from}; returns its end state. */
        int pattern(int from, PathPattern p) {
            return switch (p) {
                case PathPattern.Exact e -> literal(from, e.path());
                case PathPattern.Under u -> {
                    int q = literal(from, u.prefix());
                    int r = state();
                    edge(q, ANY, 0, r);
                    edge(r, ANY, 0, r);
                    yield r;
                }
                case PathPattern.Glob g -> glob(from, g);
            };
        }

        /** The automaton of a glob's parts, as {@link PathPattern.Glob#matches} simulates it. */
        private int glob(int from, PathPattern.Glob glob) {
            int q = from;
            for (PathPattern.Part part : glob.parts()) {
                q = switch (part) {
                    case PathPattern.Part.Literal l -> literal(q, String.valueOf(l.c()));
                    case PathPattern.Part.One o -> {
                        int r = state();
                        edge(q, NOT_SLASH, 0, r);
                        yield r;
                    }
                    case PathPattern.Part.Star s -> star(q, NOT_SLASH);
                    case PathPattern.Part.Any a -> star(q, ANY);
                    case PathPattern.Part.Dirs d -> { // nothing, or anything ending in a slash
                        int loop = state();
                        int end = state();
                        eps.get(q).add(end);
                        eps.get(q).add(loop);
                        edge(loop, ANY, 0, loop);
                        edge(loop, LIT, slash, end);
                        yield end;
                    }
                };
            }
            return q;
        }

        private int star(int from, int kind) {
            int r = state();
            eps.get(from).add(r);
            edge(r, kind, 0, r);
            return r;
        }

        boolean moves(int[] e, int s) {
            return switch (e[0]) {
                case LIT -> e[1] == s;
                case NOT_SLASH -> s != slash;
                default -> true;
            };
        }

        BitSet closure(BitSet set) {
            BitSet out = (BitSet) set.clone();
            ArrayDeque<Integer> todo = new ArrayDeque<>();
            set.stream().forEach(todo::add);
            while (!todo.isEmpty()) {
                for (int r : eps.get(todo.poll())) {
                    if (!out.get(r)) {
                        out.set(r);
                        todo.add(r);
                    }
                }
            }
            return out;
        }
    }

    /** Subset construction: the union's NFA made deterministic (and complete, with a dead state). */
    private Dfa build(List<PathPattern> union) {
        Nfa n = new Nfa();
        int start = n.state();
        for (PathPattern p : union) {
            int s = n.state();
            n.eps.get(start).add(s);
            n.accept.set(n.pattern(s, p));
        }
        Map<BitSet, Integer> ids = new HashMap<>();
        List<BitSet> sets = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        BitSet first = new BitSet();
        first.set(start);
        first = n.closure(first);
        ids.put(first, 0);
        sets.add(first);
        for (int k = 0; k < sets.size(); k++) {
            int[] row = new int[symbols.length];
            for (int s = 0; s < symbols.length; s++) {
                BitSet to = new BitSet();
                for (int q = sets.get(k).nextSetBit(0); q >= 0; q = sets.get(k).nextSetBit(q + 1)) {
                    for (int[] e : n.edges.get(q)) {
                        if (n.moves(e, s)) to.set(e[2]);
                    }
                }
                BitSet closed = n.closure(to);
                Integer id = ids.get(closed);
                if (id == null) {
                    if ((long) (sets.size() + 1) * n.edges.size() > MAX_SUBSET_BITS) {
                        throw new Undecided("path patterns too large to analyse");
                    }
                    id = sets.size();
                    ids.put(closed, id);
                    sets.add(closed);
                }
                row[s] = id;
            }
            next.add(row);
        }
        boolean[] accept = new boolean[sets.size()];
        for (int k = 0; k < sets.size(); k++) accept[k] = sets.get(k).intersects(n.accept);
        return new Dfa(next.toArray(int[][]::new), accept);
    }

    @Override
    public String toString() {
        return "PathSpace" + Arrays.toString(symbols);
    }
}
