package dev.mayexec.engine;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Writes the fields of a query as bytes, so that two queries are equal exactly when their bytes
 * are: the bytes stand for the query as a cache key, at a third of its size in objects. The fields
 * come in a fixed order; a bitmap first says which are known (or true), then each known value
 * follows, delimited (a length before a string or a set, the high bit of a byte set while a number
 * goes on).
 */
final class Packer {
    /** Room for the bitmap before the values: a long in LEB128 takes at most ten bytes. */
    private static final int BITMAP = 10;

    private long known;
    private int field;
    private byte[] out = new byte[192];
    private int size = BITMAP;

    /** The bitmap, then the values. */
    byte[] bytes() {
        byte[] bitmap = new byte[BITMAP];
        int n = leb128(known, bitmap, 0);
        System.arraycopy(bitmap, 0, out, BITMAP - n, n);
        return Arrays.copyOfRange(out, BITMAP - n, size);
    }

    Packer flag(boolean b) {
        return next(b);
    }

    Packer bool(Boolean b) {
        return b == null ? next(false) : next(true).put(b ? 1 : 0);
    }

    Packer number(Integer i) {
        return i == null ? next(false) : next(true).unsigned(zigzag(i));
    }

    Packer number(Long l) {
        return l == null ? next(false) : next(true).unsigned(zigzag(l));
    }

    Packer string(String s) {
        return s == null ? next(false) : next(true).chars(s);
    }

    /** A set as its members in their natural order, so that equal sets give equal bytes whatever their iteration order. */
    <T extends Comparable<? super T>> Packer set(Collection<T> set, BiConsumer<Packer, T> member) {
        if (set == null) return next(false);
        next(true).unsigned(set.size());
        set.stream().sorted().forEach(m -> member.accept(this, m));
        return this;
    }

    /** A set's member: a value without a bit of its own. */
    static void member(Packer p, Integer i) {
        p.unsigned(zigzag(i));
    }

    static void member(Packer p, String s) {
        p.chars(s);
    }

    /** A verdict: the common one, allowed, as one byte; any other whole. */
    Packer verdict(Verdict v) {
        if (v == null) return next(false);
        next(true);
        if (v.equals(Verdict.ALLOWED)) return put(0);
        put(1).nullable(v.code()).nullable(v.message()).chars(v.state()).unsigned(v.missing().size());
        v.missing().forEach(this::chars);
        return this;
    }

    /** A file's identity: which of its numbers are known, then those. */
    Packer fileId(FileId f) {
        if (f == null) return next(false);
        next(true).put((f.dev() == null ? 0 : 1) | (f.ino() == null ? 0 : 2) | (f.size() == null ? 0 : 4)
                | (f.mtime() == null ? 0 : 8) | (f.ctime() == null ? 0 : 16));
        return known(f.dev()).known(f.ino()).known(f.size()).known(f.mtime()).known(f.ctime());
    }

    /** A part of a value whose presence was already written. */
    private Packer known(Long l) {
        return l == null ? this : unsigned(zigzag(l));
    }

    private Packer next(boolean present) {
        if (field == Long.SIZE) throw new IllegalStateException("more fields than the bitmap holds");
        if (present) known |= 1L << field;
        field++;
        return this;
    }

    private Packer nullable(String s) {
        return s == null ? put(0) : put(1).chars(s);
    }

    /** A string's length, then each char as one to three bytes (every char, a lone surrogate too, has its own form). */
    private Packer chars(String s) {
        unsigned(s.length());
        room(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[size++] = (byte) c;
            } else if (c < 0x800) {
                out[size++] = (byte) (0xC0 | c >> 6);
                out[size++] = (byte) (0x80 | c & 0x3F);
            } else {
                out[size++] = (byte) (0xE0 | c >> 12);
                out[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[size++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    private static long zigzag(long v) {
        return v << 1 ^ v >> 63;
    }

    private Packer unsigned(long v) {
        room(10);
        size = leb128(v, out, size);
        return this;
    }

    /** Writes {@code v} in LEB128 (seven bits a byte, the high bit set on all but the last); returns the new end. */
    private static int leb128(long v, byte[] to, int at) {
        while ((v & ~0x7FL) != 0) {
            to[at++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        to[at++] = (byte) v;
        return at;
    }

    private Packer put(int b) {
        room(1);
        out[size++] = (byte) b;
        return this;
    }

    private void room(int n) {
        if (size + n > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, size + n));
    }
}
