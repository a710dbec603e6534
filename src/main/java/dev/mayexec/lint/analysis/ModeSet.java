package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import java.util.BitSet;

/** A set of permission-bit values (0 to 07777), held as one bit per value: small, and exact. */
public record ModeSet(BitSet bits) implements ValueSet {
    private static final int SIZE = 010000;
    public static final ModeSet ALL = new ModeSet(all());

    public ModeSet {
        bits = (BitSet) bits.clone();
    }

    private static BitSet all() {
        BitSet b = new BitSet(SIZE);
        b.set(0, SIZE);
        return b;
    }

    /** The modes that pass {@code any}, {@code all} or {@code none} of {@code mask}, as the engine tests them. */
    public static ModeSet of(Condition.ModeTest test, int mask) {
        BitSet b = new BitSet(SIZE);
        for (int m = 0; m < SIZE; m++) {
            boolean in = switch (test) {
                case ANY -> (m & mask) != 0;
                case ALL -> (m & mask) == mask;
                case NONE -> (m & mask) == 0;
            };
            b.set(m, in);
        }
        return new ModeSet(b);
    }

    @Override
    public ModeSet and(ValueSet other) {
        BitSet b = (BitSet) bits.clone();
        b.and(((ModeSet) other).bits);
        return new ModeSet(b);
    }

    @Override
    public ModeSet minus(ValueSet other) {
        BitSet b = (BitSet) bits.clone();
        b.andNot(((ModeSet) other).bits);
        return new ModeSet(b);
    }

    @Override
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Integer m && m >= 0 && m < SIZE && bits.get(m);
    }

    /** A usual mode when the set holds one (0755, 0644, …), else the smallest. */
    @Override
    public Integer pick(Attribute a) {
        for (int m : new int[] {0755, 0644, 0700, 0600, 0775, 0777, 0666}) {
            if (bits.get(m)) return m;
        }
        return bits.nextSetBit(0);
    }
}
