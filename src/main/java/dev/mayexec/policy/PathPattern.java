package dev.mayexec.policy;

import java.util.regex.Pattern;

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

    record Glob(String glob, String regex) implements PathPattern {
        /** Compiles a glob; literal characters go in brackets, and `^` (special even there) is escaped. */
        public static Glob of(String glob) {
            return new Glob(glob, toRegex(glob));
        }

        private static final java.util.Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public boolean matches(String p) {
            return COMPILED.computeIfAbsent(regex, Pattern::compile).matcher(p).matches();
        }

        @Override
        public String text() {
            return glob;
        }

        private static String toRegex(String glob) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (glob.startsWith("/**/", i)) {
                    re.append("/(.*/)?");
                    i += 3;
                } else if (glob.startsWith("**", i)) {
                    re.append(".*");
                    i += 1;
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else if (Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-') {
                    re.append(c);
                } else if (c == '^') {
                    re.append("\\^");
                } else {
                    re.append('[').append(c).append(']');
                }
            }
            return re.toString();
        }
    }

    /** Whether a string holds glob metacharacters. */
    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }
}
