package dev.mayexec.engine;

import dev.mayexec.compile.Table;
import dev.mayexec.policy.PathPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The policy's {@link Table}s, as generated constraints consult them through the global {@code t}
 * ({@code t.has(3, user)}): sets are hashed, and path tables answer in time linear in the path's
 * length. Every test is false on an unknown ({@code null}) fact.
 */
public final class Tables {
    private final Object[] entries;

    Tables(List<Table> tables) {
        entries = tables.stream().map(t -> switch (t) {
            case Table.Strings s -> s.values();
            case Table.Ids i -> i.values();
            case Table.Paths p -> new PathTable(p.patterns());
        }).toArray();
    }

    /** Whether {@code value} is in table {@code k}. */
    public boolean has(int k, Object value) {
        return value != null && ((Set<?>) entries[k]).contains(value);
    }

    /** Whether any of {@code values} (capabilities, groups) is in table {@code k}. */
    public boolean hasAny(int k, Set<?> values) {
        if (values == null) return false;
        Set<?> table = (Set<?>) entries[k];
        for (Object v : values) {
            if (table.contains(v)) return true;
        }
        return false;
    }

    /** Whether a pattern of path table {@code k} matches {@code path}. */
    public boolean pathIn(int k, String path) {
        return path != null && ((PathTable) entries[k]).matches(path);
    }

    /** Exact paths hashed, prefixes in a tree of directories, and the globs, each matched in linear time. */
    private static final class PathTable {
        private final Set<String> exact = new HashSet<>();
        private final List<String> under = new ArrayList<>();
        private final List<PathPattern.Glob> globs = new ArrayList<>();
        private final Dirs dirs;

        PathTable(List<PathPattern> patterns) {
            for (PathPattern p : patterns) {
                switch (p) {
                    case PathPattern.Exact e -> exact.add(e.path());
                    case PathPattern.Under u -> under.add(u.dir());
                    case PathPattern.Glob g -> globs.add(g);
                }
            }
            dirs = new Dirs(under);
        }

        boolean matches(String path) {
            return exact.contains(path) || dirs.anyAbove(path) || globs.stream().anyMatch(g -> g.matches(path));
        }
    }
}
