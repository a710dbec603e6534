package dev.mayexec.profile;

import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Syntax;
import java.util.List;

/**
 * An interpreter profile as a policy uses it: its name, its executables, the syntax that applies to
 * its invocations (its own, borrowed, or the shipped one of the same name; {@code null} when it has
 * none), and the file that defines it ({@code mayexec:interpreters/…} for a shipped one).
 */
public record Profile(String name, List<PathPattern> executables, Syntax syntax, String file) {
    public Profile {
        executables = List.copyOf(executables);
    }

    /** Whether {@code exe}, an absolute path, is one of the profile's executables. */
    public boolean runs(String exe) {
        return executables.stream().anyMatch(p -> p.matches(exe));
    }

    /**
     * Whether {@code command}, a name without a directory, is the name of one of the profile's
     * executables (for invocations written as {@code python3 x.py} when {@code PATH} cannot be searched).
     */
    public boolean named(String command) {
        return executables.stream().anyMatch(p -> switch (p) {
            case PathPattern.Exact e -> e.path().substring(e.path().lastIndexOf('/') + 1).equals(command);
            case PathPattern.Glob g -> PathPattern.Glob.of(g.glob().substring(g.glob().lastIndexOf('/'))).matches("/" + command);
            case PathPattern.Under u -> false;
        });
    }
}
