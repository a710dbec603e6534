package dev.mayexec.compile;

import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.SetType;
import dev.mayexec.policy.ValueType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes conditions as DRL constraints on the {@code Query} fact. Equality tests come out as
 * {@code field == value} so that Drools can hash them; every test is false on an unknown fact.
 */
final class ConstraintWriter {
    private final Map<String, NamedSet> sets;

    ConstraintWriter(Map<String, NamedSet> sets) {
        this.sets = sets;
    }

    String scope(Scope scope) {
        return switch (scope) {
            case Scope.Everyone e -> null;
            case Scope.User u -> "user == " + str(u.name());
            case Scope.Uid u -> "uid == " + u.uid();
            case Scope.Group g -> "gids contains " + g.gid();
            case Scope.Service s -> "service == " + str(s.unit());
            case Scope.Interpreter i -> "interpreter == " + str(i.name());
        };
    }

    String condition(Condition c) {
        String f = c.attribute().field();
        return switch (c) {
            case Condition.OneOf o -> c.attribute().type() == ValueType.STRING_MEMBER
                    ? f + " != null && " + any(o.values().stream().map(v -> f + " contains " + str(v)).toList())
                    : oneOf(f, o.values().stream().map(ConstraintWriter::str).toList());
            case Condition.IntOneOf o -> c.attribute().type() == ValueType.INT_MEMBER
                    ? f + " != null && " + any(o.values().stream().map(v -> f + " contains " + v).toList())
                    : oneOf(f, o.values().stream().map(String::valueOf).toList());
            case Condition.IntRange r -> f + " != null"
                    + (r.min() == null ? "" : " && " + f + " >= " + r.min())
                    + (r.max() == null ? "" : " && " + f + " <= " + r.max());
            case Condition.Is b -> f + " == " + b.value();
            case Condition.PathMatch p -> f + " != null && " + any(p.patterns().stream().map(x -> path(f, x)).toList());
            case Condition.ModeBits m -> "Match.mode" + capitalise(m.test().id()) + "(" + f + ", " + String.format("0%o", m.mask()) + ")";
            case Condition.InSet s -> condition(resolve(s));
        };
    }

    /**
     * One way a condition can hold, for rules the compiler splits so that Drools can index them: a
     * constraint on the query (or none), and a directory that must be an ancestor of the attribute's
     * value (or none), which anchors the rule: a hashed {@code anchor == "/dir"} on a copy of the query.
     */
    record Alternative(String constraint, String ancestorField, String ancestorDir) {}

    /**
     * The alternatives of a path condition: an exact path is an equality on the query, a prefix an
     * ancestor, a glob a regex behind the ancestor that its literal directory prefix gives. Any other
     * condition is its one constraint.
     */
    List<Alternative> alternatives(Condition c) {
        Condition resolved = c instanceof Condition.InSet s ? resolve(s) : c;
        if (!(resolved instanceof Condition.PathMatch p)) {
            return List.of(new Alternative(condition(c), null, null));
        }
        String f = p.attribute().field();
        return p.patterns().stream().map(x -> switch (x) {
            case PathPattern.Exact e -> new Alternative(f + " == " + str(e.path()), null, null);
            case PathPattern.Under u -> new Alternative(null, f, u.dir());
            case PathPattern.Glob g -> new Alternative(f + " matches " + str(g.regex()), f, literalDirectory(g.glob()));
        }).toList();
    }

    /** The directory every match of a glob lies below: its text up to the last `/` before a wildcard. */
    static String literalDirectory(String glob) {
        int wild = glob.length();
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*' || glob.charAt(i) == '?') {
                wild = i;
                break;
            }
        }
        int slash = glob.lastIndexOf('/', Math.max(0, wild - 1));
        return slash <= 0 ? "/" : glob.substring(0, slash);
    }

    /** Replaces a set reference by the condition its members make (the checker made sure it exists). */
    private Condition resolve(Condition.InSet s) {
        NamedSet set = sets.get(s.set());
        Attribute a = s.attribute();
        if (set.type() == SetType.PATHS) {
            return new Condition.PathMatch(a, set.members().stream().map(PathPattern.class::cast).toList(), s.span());
        }
        if (set.type() == SetType.IDS) {
            return new Condition.IntOneOf(a, set.members().stream().map(Integer.class::cast).toList(), s.span());
        }
        return new Condition.OneOf(a, set.members().stream().map(String.class::cast).toList(), s.span());
    }

    private static String path(String f, PathPattern p) {
        return switch (p) {
            case PathPattern.Exact e -> f + " == " + str(e.path());
            case PathPattern.Under u -> "Match.under(" + f + ", " + str(u.prefix()) + ")";
            case PathPattern.Glob g -> f + " matches " + str(g.regex());
        };
    }

    private static String oneOf(String f, List<String> literals) {
        if (literals.isEmpty()) return "false";
        return literals.size() == 1 ? f + " == " + literals.getFirst() : f + " in (" + String.join(", ", literals) + ")";
    }

    private static String any(List<String> tests) {
        if (tests.isEmpty()) return "false";
        return tests.size() == 1 ? tests.getFirst() : tests.stream().collect(Collectors.joining(" || ", "(", ")"));
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * A DRL string literal. The loader refuses quotes and control characters in values; backslashes
     * only come from glob regexes, and DRL unescapes them as Java does.
     */
    static String str(String s) {
        if (s.chars().anyMatch(ch -> ch == '"' || ch < 0x20)) {
            throw new IllegalArgumentException("value `" + s + "` cannot stand in a rule");
        }
        return '"' + s.replace("\\", "\\\\") + '"';
    }
}
