package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.PathPattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of paths: those matched by every union in {@code pos} and by no union in {@code neg}, each
 * union being a condition's list of patterns. Emptiness is decided on automata ({@link PathSpace});
 * membership of a concrete path uses the engine's own matcher.
 */
public record PathSet(PathSpace space, List<List<PathPattern>> pos, List<List<PathPattern>> neg) implements ValueSet {

    public PathSet {
        pos = pos.stream().map(List::copyOf).toList();
        neg = neg.stream().map(List::copyOf).toList();
    }

    /** Every valid path. */
    public static PathSet all(PathSpace space) {
        return new PathSet(space, List.of(), List.of());
    }

    /** The paths any of {@code patterns} matches. */
    public static PathSet of(PathSpace space, List<PathPattern> patterns) {
        return new PathSet(space, List.of(patterns), List.of());
    }

    @Override
    public PathSet and(ValueSet other) {
        PathSet o = (PathSet) other;
        return new PathSet(space, concat(pos, o.pos), concat(neg, o.neg));
    }

    /** {@code other} must be a plain union of patterns (or every path), as conditions give. */
    @Override
    public PathSet minus(ValueSet other) {
        PathSet o = (PathSet) other;
        if (!o.neg.isEmpty() || o.pos.size() > 1) {
            throw new IllegalArgumentException("only a union of patterns can be subtracted");
        }
        List<PathPattern> removed = o.pos.isEmpty() ? List.of() : o.pos.getFirst();
        return o.pos.isEmpty()
                ? new PathSet(space, concat(pos, List.of(List.of())), neg)
                : new PathSet(space, pos, concat(neg, List.of(removed)));
    }

    private static List<List<PathPattern>> concat(List<List<PathPattern>> a, List<List<PathPattern>> b) {
        List<List<PathPattern>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public boolean isEmpty() {
        return space.find(pos, neg).isEmpty();
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof String p)) return false;
        return pos.stream().allMatch(u -> u.stream().anyMatch(x -> x.matches(p)))
                && neg.stream().noneMatch(u -> u.stream().anyMatch(x -> x.matches(p)));
    }

    /** The shortest member. */
    @Override
    public String pick(Attribute a) {
        return space.find(pos, neg).orElseThrow();
    }
}
