package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Attribute;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A finite set of strings, or a cofinite one (every string but {@code elems}). Attributes whose
 * values are words (file types, booleans, capabilities) start from their finite universe, so their
 * sets stay finite.
 */
public record Strings(boolean cofinite, Set<String> elems) implements ValueSet {
    /** Every string. */
    public static final Strings ALL = new Strings(true, Set.of());
    static final Strings NONE = new Strings(false, Set.of());

    public Strings {
        elems = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(elems));
    }

    /** The finite set of {@code values}, in their order (which {@link #pick} follows). */
    public static Strings of(Collection<String> values) {
        return new Strings(false, new LinkedHashSet<>(values));
    }

    public static Strings of(String... values) {
        return of(List.of(values));
    }

    @Override
    public Strings and(ValueSet other) {
        Strings o = (Strings) other;
        if (cofinite && o.cofinite) return new Strings(true, union(elems, o.elems));
        if (cofinite) return o.and(this);
        Set<String> out = new LinkedHashSet<>(elems);
        out.removeIf(e -> !o.contains(e));
        return new Strings(false, out);
    }

    @Override
    public Strings minus(ValueSet other) {
        Strings o = (Strings) other;
        return and(new Strings(!o.cofinite, o.elems));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public boolean isEmpty() {
        return !cofinite && elems.isEmpty();
    }

    @Override
    public boolean contains(Object value) {
        String v = value instanceof Boolean b ? b.toString() : value instanceof String s ? s : null;
        return v != null && cofinite != elems.contains(v);
    }

    /** The first member; from a cofinite set, a made-up name that reads as an example for {@code a}. */
    @Override
    public String pick(Attribute a) {
        if (!cofinite) return elems.iterator().next();
        String base = switch (a) {
            case USER -> "someone";
            case SERVICE -> "some.service";
            case INTERPRETER -> "some-interpreter";
            case LSM_LABEL -> "unconfined";
            case FSTYPE -> "ext4";
            case SHA256 -> "0".repeat(64);
            default -> "x";
        };
        String v = base;
        for (int i = 2; elems.contains(v); i++) {
            v = a == Attribute.SERVICE ? "some" + i + ".service" : base + i;
        }
        return v;
    }
}
