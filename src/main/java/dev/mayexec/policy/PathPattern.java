package dev.mayexec.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * An anchored path pattern. {@link Exact} matches one path; {@link Under} matches every path below a
 * directory (not the directory itself); {@link Glob} matches the whole path, where {@code *} and
 * {@code ?} stop at {@code /} and {@code **} crosses it ({@code /a/**}{@code /b} also matches
 * {@code /a/b}).
 */
public sealed interface PathPattern {

    /** Returns whether {@code path} (absolute and normalised) matches. */
    boolean matches(String path);

    /** Returns the pattern as the policy writes it. */
    String text();

    record Exact(String path) implements PathPattern {
        @Override
        public boolean matches(String p) {
            return path.equals(p);
        }

        @Override
        public String text() {
            return path;
        }
    }

    record Under(String dir) implements PathPattern {
        /** The prefix a path below the directory starts with. */
        public String prefix() {
            return dir.equals("/") ? "/" : dir + "/";
        }

        @Override
        public boolean matches(String p) {
            return p.startsWith(prefix()) && p.length() > prefix().length();
        }

        @Override
        public String text() {
            return "under " + dir;
        }
    }

    /**
     * A glob, read once into its {@link Part}s. It is matched by a simulation of the automaton the
     * parts make, in time proportional to the glob's length times the path's, never by a
     * backtracking regex (whose {@code **}s cost exponential time on a deep path).
     */
    record Glob(String glob, List<Part> parts) implements PathPattern {
        public Glob {
            parts = List.copyOf(parts);
        }

        public static Glob of(String glob) {
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < glob.length(); i++) {
                if (glob.startsWith("/**/", i)) {
                    parts.add(new Part.Literal('/'));
                    parts.add(new Part.Dirs());
                    i += 3;
                } else if (glob.startsWith("**", i)) {
                    parts.add(new Part.Any());
                    i += 1;
                } else if (glob.charAt(i) == '*') {
                    parts.add(new Part.Star());
                } else if (glob.charAt(i) == '?') {
                    parts.add(new Part.One());
                } else {
                    parts.add(new Part.Literal(glob.charAt(i)));
                }
            }
            return new Glob(glob, parts);
        }

        @Override
        public boolean matches(String p) {
            int n = parts.size();
            // at[i]: the path so far can end just before part i; inSegment[i]: inside a segment of Dirs part i
            boolean[] at = new boolean[n + 1];
            boolean[] inSegment = new boolean[n];
            at[0] = true;
            skipOptional(at);
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                boolean[] next = new boolean[n + 1];
                boolean[] nextInSegment = new boolean[n];
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    boolean slash = c == '/';
                    if (inSegment[i]) {
                        if (slash) next[i] = true;
                        else nextInSegment[i] = true;
                        any = true;
                    }
                    if (!at[i]) continue;
                    switch (parts.get(i)) {
                        case Part.Literal l -> next[i + 1] |= l.c() == c;
                        case Part.One o -> next[i + 1] |= !slash;
                        case Part.Star s -> next[i] |= !slash;
                        case Part.Any a -> next[i] = true;
                        case Part.Dirs d -> {
                            if (slash) next[i] = true;
                            else nextInSegment[i] = true;
                        }
                    }
                    any = true;
                }
                if (!any) return false;
                skipOptional(next);
                at = next;
                inSegment = nextInSegment;
            }
            return at[n];
        }

        /** Follows the parts that may match nothing: from before a star (or Dirs), the path can go on after it. */
        private void skipOptional(boolean[] at) {
            for (int i = 0; i < parts.size(); i++) {
                if (at[i] && parts.get(i).optional()) at[i + 1] = true;
            }
        }

        @Override
        public String text() {
            return glob;
        }
    }

    /** One piece of a glob. */
    sealed interface Part {
        /** Whether it can match nothing. */
        default boolean optional() {
            return false;
        }

        /** A character that stands for itself. */
        record Literal(char c) implements Part {}

        /** {@code ?}: one character, not {@code /}. */
        record One() implements Part {}

        /** {@code *}: any characters but {@code /}. */
        record Star() implements Part {
            @Override
            public boolean optional() {
                return true;
            }
        }

        /** {@code **}: any characters. */
        record Any() implements Part {
            @Override
            public boolean optional() {
                return true;
            }
        }

        /** After the {@code /} of a {@code /**}{@code /}: nothing, or any directories, each ending with {@code /}. */
        record Dirs() implements Part {
            @Override
            public boolean optional() {
                return true;
            }
        }
    }

    /** Whether a string holds glob metacharacters. */
    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }
}
