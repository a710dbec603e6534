package dev.mayexec.profile;

import java.util.List;
import java.util.Map;

/**
 * An invocation to classify: {@code argv} (with {@code argv[0]}), the environment, the working
 * directory, and what standard input is ({@code stdinTty}: a terminal, not one, or {@code null} for
 * unknown; {@code stdinPath}: the file it is, when known). {@code exe} is the executable that
 * really runs, when known: it alone then picks the profile. Otherwise {@code profile} names one, or
 * {@code argv[0]} is resolved as the kernel would (a {@code #!} line, {@code env}, {@code PATH}).
 */
public record Invocation(List<String> argv, Map<String, String> env, String cwd, Boolean stdinTty, String stdinPath,
        String exe, String profile) {

    public Invocation {
        argv = argv == null ? List.of() : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** An invocation of {@code argv} with nothing else known. */
    public static Invocation of(List<String> argv) {
        return new Invocation(argv, Map.of(), null, null, null, null, null);
    }
}
