package dev.mayexec.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Paths as the kernel and a shell find them: made absolute against a working directory, and looked up on PATH. */
final class Locations {
    /** The PATH that execvp(3) and env(1) use when the environment has none, as glibc's confstr(_CS_PATH) widened by sbin. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Locations() {}

    /**
     * The absolute, normalised form of {@code path} against {@code cwd}; {@code null} when it is
     * relative and the working directory is unknown. {@code ..} is resolved by name, as a request's
     * paths must be; a live collector resolves symbolic links.
     */
    static String absolute(String cwd, String path) {
        if (path == null || path.isEmpty()) return null;
        if (!path.startsWith("/")) {
            if (cwd == null) return null;
            path = cwd + "/" + path;
        }
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.add(s);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The first file named {@code name} on the environment's PATH (or the default) that {@code usable} accepts. */
    static Optional<String> lookPath(String name, Map<String, String> env, String cwd, Predicate<String> usable) {
        String path = env.getOrDefault("PATH", DEFAULT_PATH);
        for (String dir : path.split(":", -1)) {
            String candidate = absolute(cwd, (dir.isEmpty() ? "." : dir) + "/" + name); // an empty entry is the working directory
            if (candidate != null && usable.test(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The last component of a path; for {@code argv[0]} of a login shell ({@code -bash}), without the dash. */
    static String command(String argv0) {
        String name = argv0.substring(argv0.lastIndexOf('/') + 1);
        return name.startsWith("-") ? name.substring(1) : name;
    }
}
