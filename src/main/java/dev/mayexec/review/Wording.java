package dev.mayexec.review;

import dev.mayexec.engine.Query;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ValueType;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** How explanations and diffs word conditions ("`path` under /home/alice") and the values a request has. */
final class Wording {
    /** How many members of a named set are shown before "…". */
    private static final int SET_SHOWN = 4;

    private Wording() {}

    /** What the condition needs, with the attribute's key first: {@code `path` under /home/alice}. */
    static String needs(Condition c, Policy policy) {
        String key = "`" + c.attribute().key() + "`";
        boolean member = c.attribute().type() == ValueType.INT_MEMBER || c.attribute().type() == ValueType.STRING_MEMBER;
        return switch (c) {
            case Condition.OneOf o -> key + (member ? " to include " : " to be ")
                    + oneOf(o.values().stream().map(v -> "`" + v + "`").toList());
            case Condition.IntOneOf o -> key + (member ? " to include " : " to be ")
                    + oneOf(o.values().stream().map(String::valueOf).toList());
            case Condition.IntRange r -> key + (r.min() != null && r.max() != null ? " between " + r.min() + " and " + r.max()
                    : r.min() != null ? " at least " + r.min() : " at most " + r.max());
            case Condition.Is b -> key + " to be " + b.value();
            case Condition.PathMatch p -> key + " " + patterns(p.patterns());
            case Condition.ModeBits m -> key + " with " + m.test().id() + " of " + String.format("%04o", m.mask()) + " set";
            case Condition.InSet s -> key + " in set `" + s.set() + "`" + members(policy.sets().get(s.set()));
        };
    }

    /** What a scope needs: {@code user `alice`}. */
    static String needs(Scope s) {
        return s.describe();
    }

    /** The attribute a scope tests. */
    static Attribute attribute(Scope s) {
        return switch (s) {
            case Scope.User u -> Attribute.USER;
            case Scope.Uid u -> Attribute.UID;
            case Scope.Group g -> Attribute.GROUP;
            case Scope.Service v -> Attribute.SERVICE;
            case Scope.Interpreter i -> Attribute.INTERPRETER;
            case Scope.Everyone e -> null;
        };
    }

    private static String oneOf(List<String> values) {
        return values.size() == 1 ? values.getFirst() : "one of " + String.join(", ", values);
    }

    static String patterns(List<PathPattern> ps) {
        return ps.stream().map(Wording::pattern).collect(Collectors.joining(" or "));
    }

    private static String pattern(PathPattern p) {
        return switch (p) {
            case PathPattern.Exact e -> "= " + e.path();
            case PathPattern.Under u -> "under " + u.dir();
            case PathPattern.Glob g -> "matching " + g.glob();
        };
    }

    private static String members(NamedSet set) {
        if (set == null) return "";
        List<String> shown = set.members().stream().limit(SET_SHOWN)
                .map(m -> m instanceof PathPattern p ? pattern(p) : String.valueOf(m)).toList();
        return " (" + String.join(", ", shown) + (set.members().size() > SET_SHOWN ? ", …" : "") + ")";
    }

    /** The value the request has for the attribute, in backticks, or that it is unknown. */
    static String has(Query q, Attribute a) {
        Object v = Analysis.value(q, a);
        return v == null ? "no `" + a.key() + "` (unknown; a condition on an unknown fact never holds)" : "`" + value(a, v) + "`";
    }

    /** A value as a policy writes it: a mode in octal, a set sorted. */
    static String value(Attribute a, Object v) {
        if (a == Attribute.MODE && v instanceof Integer m) return String.format("%04o", m);
        if (v instanceof Collection<?> c) return new TreeSet<Object>(c).toString(); // ids or names: each sorts by its kind
        return String.valueOf(v);
    }
}
