package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Attribute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** A set of ids (0 to 2147483647, as requests carry them) as sorted, disjoint, inclusive ranges. */
public final class IntSet implements ValueSet {
    static final long MAX = Integer.MAX_VALUE;
    public static final IntSet ALL = new IntSet(new long[] {0, MAX});
    static final IntSet NONE = new IntSet(new long[0]);

    /** lo0, hi0, lo1, hi1, … */
    private final long[] ranges;

    private IntSet(long[] ranges) {
        this.ranges = ranges;
    }

    public static IntSet of(Collection<Integer> values) {
        IntSet s = NONE;
        for (int v : values) s = s.union(range(v, v));
        return s;
    }

    public static IntSet range(long lo, long hi) {
        return lo > hi ? NONE : new IntSet(new long[] {Math.max(0, lo), Math.min(MAX, hi)});
    }

    IntSet union(IntSet o) {
        return complement().and(o.complement()).complement();
    }

    IntSet complement() {
        List<Long> out = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            out.add(next);
            out.add(MAX);
        }
        return new IntSet(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public IntSet and(ValueSet other) {
        IntSet o = (IntSet) other;
        List<Long> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ranges.length && j < o.ranges.length) {
            long lo = Math.max(ranges[i], o.ranges[j]);
            long hi = Math.min(ranges[i + 1], o.ranges[j + 1]);
            if (lo <= hi) {
                out.add(lo);
                out.add(hi);
            }
            if (ranges[i + 1] < o.ranges[j + 1]) i += 2;
            else j += 2;
        }
        return new IntSet(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public IntSet minus(ValueSet other) {
        return and(((IntSet) other).complement());
    }

    @Override
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Integer v)) return false;
        for (int i = 0; i < ranges.length; i += 2) {
            if (v >= ranges[i] && v <= ranges[i + 1]) return true;
        }
        return false;
    }

    /** The smallest member, except that 1000 (a first login user) is preferred when the set holds it. */
    @Override
    public Integer pick(Attribute a) {
        if ((a == Attribute.UID || a == Attribute.FILE_UID) && contains(1000) && !contains(0)) return 1000;
        return (int) ranges[0];
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            parts.add(ranges[i] == ranges[i + 1] ? String.valueOf(ranges[i]) : ranges[i] + "-" + ranges[i + 1]);
        }
        return parts.stream().collect(Collectors.joining(", ", "{", "}"));
    }
}
