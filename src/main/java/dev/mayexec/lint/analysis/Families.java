package dev.mayexec.lint.analysis;

import dev.mayexec.facts.Capabilities;
import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ValueType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a conjunction of literals about some attributes can hold, and finds values that
 * make it hold. Most attributes are independent of each other, so each is solved alone; a few are
 * tied, as they are in a real request, and are solved together:
 *
 * <ul>
 *   <li>{@code gid} and {@code group}: the groups a process is in include its gid;
 *   <li>{@code exe} and {@code interpreter}: the interpreter is the first profile whose executables
 *       match a known exe (none: no interpreter); only with the exe unknown does the request's claim count;
 *   <li>{@code uid} and {@code user}: a uid has one name (0 is {@code root}; on a host, as its passwd says);
 *   <li>{@code kernel-check}, {@code file-type} and {@code noexec}: the kernel never allows a file that
 *       is not regular or lies on a noexec mount, and an unknown verdict needs no part of it to fail.
 * </ul>
 */
final class Families {
    private static final Strings BOOLS = Strings.of("false", "true");

    private final PathSpace space;
    private final List<Scope.Interpreter> profiles;
    private final Map<String, Integer> passwd;

    Families(PathSpace space, List<Scope.Interpreter> profiles, Map<String, Integer> passwd) {
        this.space = space;
        this.profiles = List.copyOf(profiles);
        this.passwd = Map.copyOf(passwd);
    }

    /** The family an attribute is solved in. */
    static String family(Attribute a) {
        return switch (a) {
            case GID, GROUP -> "group";
            case EXE, INTERPRETER -> "exe";
            case UID, USER -> "identity";
            case KERNEL_CHECK, FILE_TYPE, NOEXEC -> "kernel";
            default -> a.key();
        };
    }

    /** Every value the attribute can take. */
    ValueSet all(Attribute a) {
        return switch (a.type()) {
            case INT, INT_MEMBER -> IntSet.ALL;
            case STRING -> Strings.ALL;
            case STRING_MEMBER -> a == Attribute.CAPABILITY ? Strings.of(Capabilities.ALL) : Strings.ALL;
            case ENUM -> Strings.of(a.words());
            case BOOL -> BOOLS;
            case MODE -> ModeSet.ALL;
            case PATH -> PathSet.all(space);
        };
    }

    PathSpace space() {
        return space;
    }

    /** The channel a set of channel literals allows, or empty. */
    static Optional<Channel> channel(List<Formula.Lit> lits) {
        EnumSet<Channel> acc = EnumSet.allOf(Channel.class);
        for (Formula.Lit l : lits) {
            Set<Channel> cs = ((Atom.Channels) l.atom()).channels();
            if (l.positive()) acc.retainAll(cs);
            else acc.removeAll(cs);
        }
        return acc.stream().findFirst();
    }

    /** Solves one family's literals: the values of its attributes (absent: unknown), or empty if they cannot hold. */
    Optional<Map<Attribute, Object>> solve(String family, List<Formula.Lit> lits) {
        Lits l = new Lits(lits);
        return switch (family) {
            case "group" -> group(l);
            case "exe" -> exe(l);
            case "identity" -> identity(l);
            case "kernel" -> kernel(l);
            default -> {
                Attribute a = ((Atom.Attr) lits.getFirst().atom()).attribute();
                boolean member = a.type() == ValueType.INT_MEMBER || a.type() == ValueType.STRING_MEMBER;
                Optional<Object> v = member ? member(a, l) : scalar(a, l);
                yield v.map(x -> x == UNKNOWN ? Map.of() : Map.of(a, x));
            }
        };
    }

    /** Stands for "unknown" where an Optional's empty already means "cannot hold". */
    private static final Object UNKNOWN = new Object();

    /** The positive and negative value sets of each attribute. */
    private static final class Lits {
        final Map<Attribute, List<ValueSet>> pos = new HashMap<>();
        final Map<Attribute, List<ValueSet>> neg = new HashMap<>();

        Lits(List<Formula.Lit> lits) {
            for (Formula.Lit l : lits) {
                Atom.Attr a = (Atom.Attr) l.atom();
                (l.positive() ? pos : neg).computeIfAbsent(a.attribute(), k -> new ArrayList<>()).add(a.values());
            }
        }

        List<ValueSet> pos(Attribute a) {
            return pos.getOrDefault(a, List.of());
        }

        List<ValueSet> neg(Attribute a) {
            return neg.getOrDefault(a, List.of());
        }
    }

    /** The values a known scalar attribute may take: in every positive set, in no negative one. */
    private ValueSet known(Attribute a, Lits l) {
        ValueSet acc = all(a);
        for (ValueSet v : l.pos(a)) acc = acc.and(v);
        for (ValueSet v : l.neg(a)) acc = acc.minus(v);
        return acc;
    }

    private Optional<Object> scalar(Attribute a, Lits l) {
        if (l.pos(a).isEmpty()) return Optional.of(UNKNOWN);
        ValueSet acc = known(a, l);
        return acc.isEmpty() ? Optional.empty() : Optional.of(value(a, acc.pick(a)));
    }

    private static Object value(Attribute a, Object picked) {
        return a.type() == ValueType.BOOL ? Boolean.valueOf((String) picked) : picked;
    }

    /** A member attribute holds one value of each positive set and none of any negative set. */
    private Optional<Object> member(Attribute a, Lits l) {
        if (l.pos(a).isEmpty()) return Optional.of(UNKNOWN);
        Set<Object> held = new LinkedHashSet<>();
        for (ValueSet s : l.pos(a)) {
            ValueSet r = s;
            for (ValueSet n : l.neg(a)) r = r.minus(n);
            if (r.isEmpty()) return Optional.empty();
            held.add(r.pick(a));
        }
        return Optional.of(List.copyOf(held));
    }

    private Optional<Map<Attribute, Object>> group(Lits l) {
        Map<Attribute, Object> out = new HashMap<>();
        Optional<Object> groups = member(Attribute.GROUP, l);
        if (groups.isEmpty()) return Optional.empty();
        if (groups.get() != UNKNOWN) out.put(Attribute.GROUP, groups.get());
        if (!l.pos(Attribute.GID).isEmpty()) {
            ValueSet gid = known(Attribute.GID, l);
            for (ValueSet n : l.neg(Attribute.GROUP)) gid = gid.minus(n); // the gid is one of the groups
            if (gid.isEmpty()) return Optional.empty();
            out.put(Attribute.GID, gid.pick(Attribute.GID));
        }
        return Optional.of(out);
    }

    private Optional<Map<Attribute, Object>> identity(Lits l) {
        boolean uid = !l.pos(Attribute.UID).isEmpty();
        boolean user = !l.pos(Attribute.USER).isEmpty();
        ValueSet uids = known(Attribute.UID, l);
        ValueSet users = known(Attribute.USER, l);
        if (!uid || !user) {
            if ((uid && uids.isEmpty()) || (user && users.isEmpty())) return Optional.empty();
            Map<Attribute, Object> out = new HashMap<>();
            if (uid) out.put(Attribute.UID, uids.pick(Attribute.UID));
            if (user) out.put(Attribute.USER, users.pick(Attribute.USER));
            return Optional.of(out);
        }
        for (var e : passwd.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            if (users.contains(e.getKey()) && uids.contains(e.getValue())) {
                return Optional.of(Map.of(Attribute.UID, e.getValue(), Attribute.USER, e.getKey()));
            }
        }
        ValueSet otherUsers = users.minus(Strings.of(passwd.keySet()));
        ValueSet otherUids = uids.minus(IntSet.of(passwd.values()));
        if (otherUsers.isEmpty() || otherUids.isEmpty()) return Optional.empty();
        return Optional.of(Map.of(Attribute.UID, otherUids.pick(Attribute.UID), Attribute.USER,
                otherUsers.pick(Attribute.USER)));
    }

    private Optional<Map<Attribute, Object>> exe(Lits l) {
        boolean exeNeeded = !l.pos(Attribute.EXE).isEmpty();
        boolean claimNeeded = !l.pos(Attribute.INTERPRETER).isEmpty();
        ValueSet names = known(Attribute.INTERPRETER, l);
        if (!exeNeeded) { // the exe unknown: the request's own claim is the interpreter
            if (!claimNeeded) return Optional.of(Map.of());
            if (!names.isEmpty()) return Optional.of(Map.of(Attribute.INTERPRETER, names.pick(Attribute.INTERPRETER)));
        }
        PathSet exes = (PathSet) known(Attribute.EXE, l);
        List<List<PathPattern>> earlier = new ArrayList<>();
        for (Scope.Interpreter p : profiles) {
            PathSet cell = new PathSet(space, concat(exes.pos(), List.of(p.executables())), concat(exes.neg(), earlier));
            earlier.add(p.executables());
            if (names.contains(p.name()) && !cell.isEmpty()) {
                return Optional.of(Map.of(Attribute.EXE, cell.pick(Attribute.EXE), Attribute.INTERPRETER, p.name()));
            }
        }
        PathSet none = new PathSet(space, exes.pos(), concat(exes.neg(), earlier));
        if (!claimNeeded && !none.isEmpty()) return Optional.of(Map.of(Attribute.EXE, none.pick(Attribute.EXE)));
        return Optional.empty();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Candidate values of an attribute in the kernel family, unknown ({@code null}) first when allowed. */
    private List<Object> candidates(Attribute a, Lits l, boolean unknownFirst) {
        List<Object> out = new ArrayList<>();
        boolean unknownOk = l.pos(a).isEmpty();
        if (unknownOk && unknownFirst) out.add(null);
        ValueSet acc = known(a, l);
        for (String w : ((Strings) all(a)).elems()) {
            if (acc.contains(w)) out.add(w);
        }
        if (unknownOk && !unknownFirst) out.add(null);
        return out;
    }

    private Optional<Map<Attribute, Object>> kernel(Lits l) {
        // a verdict the caller gives is always possible; an unknown one only when nothing forces it
        boolean verdictTested = !l.neg(Attribute.KERNEL_CHECK).isEmpty();
        for (Object kc : candidates(Attribute.KERNEL_CHECK, l, !verdictTested)) {
            for (Object type : candidates(Attribute.FILE_TYPE, l, true)) {
                for (Object noexec : candidates(Attribute.NOEXEC, l, true)) {
                    boolean kernelWouldRefuse = (type != null && !type.equals("regular")) || "true".equals(noexec);
                    if (!"deny".equals(kc) && kernelWouldRefuse) continue;
                    Map<Attribute, Object> out = new HashMap<>();
                    if (kc != null) out.put(Attribute.KERNEL_CHECK, kc);
                    if (type != null) out.put(Attribute.FILE_TYPE, type);
                    if (noexec != null) out.put(Attribute.NOEXEC, Boolean.valueOf((String) noexec));
                    return Optional.of(out);
                }
            }
        }
        return Optional.empty();
    }
}
