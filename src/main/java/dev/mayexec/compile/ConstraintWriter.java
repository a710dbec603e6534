package dev.mayexec.compile;

import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.SetType;
import dev.mayexec.policy.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes conditions as DRL constraints on the {@code Query} fact. Equality tests come out as
 * {@code field == value} so that Drools can hash them; every test is false on an unknown fact.
 * Values are {@link Drl#literal}s; lists longer than {@link #INLINE_MAX} and globs go to the
 * {@link #tables()} instead, which the rules consult through the {@code t} global.
 */
final class ConstraintWriter {
    /** The longest list written into the DRL: longer ones are looked up in a table. */
    static final int INLINE_MAX = 16;

    private final Map<String, NamedSet> sets;
    private final List<Table> tables = new ArrayList<>();
    private final Map<Table, Integer> tableIndex = new HashMap<>();

    ConstraintWriter(Map<String, NamedSet> sets) {
        this.sets = sets;
    }

    /** The tables the written constraints refer to, by index. */
    List<Table> tables() {
        return List.copyOf(tables);
    }

    /** The index of a table, the same for equal tables (so that writing a condition twice writes the same text). */
    private int table(Table t) {
        return tableIndex.computeIfAbsent(t, x -> {
            tables.add(x);
            return tables.size() - 1;
        });
    }

    String scope(Scope scope) {
        return switch (scope) {
            case Scope.Everyone e -> null;
            case Scope.User u -> "user == " + Drl.literal(u.name());
            case Scope.Uid u -> "uid == " + u.uid();
            case Scope.Group g -> "gids contains " + g.gid();
            case Scope.Service s -> "service == " + Drl.literal(s.unit());
            case Scope.Interpreter i -> "interpreter == " + Drl.literal(i.name());
        };
    }

    String condition(Condition c) {
        String f = c.attribute().field();
        boolean member = c.attribute().type() == ValueType.STRING_MEMBER || c.attribute().type() == ValueType.INT_MEMBER;
        return switch (c) {
            case Condition.OneOf o -> o.values().size() > INLINE_MAX
                    ? lookup(member ? "hasAny" : "has", new Table.Strings(Set.copyOf(o.values())), f)
                    : member ? f + " != null && " + any(o.values().stream().map(v -> f + " contains " + Drl.literal(v)).toList())
                    : oneOf(f, o.values().stream().map(Drl::literal).toList());
            case Condition.IntOneOf o -> o.values().size() > INLINE_MAX
                    ? lookup(member ? "hasAny" : "has", new Table.Ids(Set.copyOf(o.values())), f)
                    : member ? f + " != null && " + any(o.values().stream().map(v -> f + " contains " + v).toList())
                    : oneOf(f, o.values().stream().map(String::valueOf).toList());
            case Condition.IntRange r -> f + " != null"
                    + (r.min() == null ? "" : " && " + f + " >= " + r.min())
                    + (r.max() == null ? "" : " && " + f + " <= " + r.max());
            case Condition.Is b -> f + " == " + b.value();
            case Condition.PathMatch p -> inline(p)
                    ? f + " != null && " + any(p.patterns().stream().map(x -> path(f, x)).toList())
                    : lookup("pathIn", new Table.Paths(List.copyOf(p.patterns())), f);
            case Condition.ModeBits m -> "Match.mode" + capitalise(m.test().id()) + "(" + f + ", " + String.format("0%o", m.mask()) + ")";
            case Condition.InSet s -> condition(resolve(s));
        };
    }

    /** A test against a table: {@code t.has(3, user)}; false on an unknown fact. */
    private String lookup(String test, Table t, String field) {
        return "t." + test + "(" + table(t) + ", " + field + ")";
    }

    /** Whether a path condition is written out: a few exact paths and prefixes; globs and long lists are looked up. */
    private static boolean inline(Condition.PathMatch p) {
        return p.patterns().size() <= INLINE_MAX && p.patterns().stream().noneMatch(x -> x instanceof PathPattern.Glob);
    }

    /**
     * One way a condition can hold, for rules the compiler splits so that Drools can index them: a
     * constraint on the query (or none), and a directory that must be an ancestor of the attribute's
     * value (or none), which anchors the rule: a hashed {@code anchor == "/dir"} on a copy of the query.
     */
    record Alternative(String constraint, String ancestorField, String ancestorDir) {}

    /**
     * The alternatives of a path condition: an exact path is an equality on the query, a prefix an
     * ancestor, a glob a table lookup behind the ancestor that its literal directory prefix gives. Any
     * other condition, and a path condition too long to split, is its one constraint.
     */
    List<Alternative> alternatives(Condition c) {
        Condition resolved = c instanceof Condition.InSet s ? resolve(s) : c;
        if (!(resolved instanceof Condition.PathMatch p) || p.patterns().size() > INLINE_MAX) {
            return List.of(new Alternative(condition(c), null, null));
        }
        String f = p.attribute().field();
        return p.patterns().stream().map(x -> switch (x) {
            case PathPattern.Exact e -> new Alternative(f + " == " + Drl.literal(e.path()), null, null);
            case PathPattern.Under u -> new Alternative(null, f, u.dir());
            case PathPattern.Glob g -> new Alternative(lookup("pathIn", new Table.Paths(List.of(g)), f), f,
                    literalDirectory(g.glob()));
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

    /** An exact path or a prefix, written out. */
    private static String path(String f, PathPattern p) {
        return switch (p) {
            case PathPattern.Exact e -> f + " == " + Drl.literal(e.path());
            case PathPattern.Under u -> "Match.under(" + f + ", " + Drl.literal(u.prefix()) + ")";
            case PathPattern.Glob g -> throw new IllegalStateException("globs are looked up, never written out");
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

}
