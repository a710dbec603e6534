package dev.mayexec.engine;

/** Helpers that generated rules call in constraints; each is false on an unknown ({@code null}) fact. */
public final class Match {
    private Match() {}

    /** Whether {@code path} lies below {@code prefix}, which ends with {@code /}. */
    public static boolean under(String path, String prefix) {
        return path != null && path.length() > prefix.length() && path.startsWith(prefix);
    }

    public static boolean modeAny(Integer mode, int mask) {
        return mode != null && (mode & mask) != 0;
    }

    public static boolean modeAll(Integer mode, int mask) {
        return mode != null && (mode & mask) == mask;
    }

    public static boolean modeNone(Integer mode, int mask) {
        return mode != null && (mode & mask) == 0;
    }
}
