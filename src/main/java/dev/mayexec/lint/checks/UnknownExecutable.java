package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Host;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * An executable (in {@code exe}, {@code parent-exe} or a profile's {@code executables}) that
 * nothing on the host matches (host-aware).
 */
@LintRule(id = "unknown-executable", summary = "an executable that nothing on the host matches",
        severity = Severity.WARNING, needsHost = true)
public final class UnknownExecutable extends UnknownOnHost {
    @Override
    Set<Attribute> attributes() {
        return Set.of(Attribute.EXE, Attribute.PARENT_EXE);
    }

    /** A profile's executables: each must match something, or the profile names a typo. */
    @Override
    List<Object> scopeValues(Scope s) {
        return s instanceof Scope.Interpreter i ? List.copyOf(i.executables()) : List.of();
    }

    @Override
    boolean exists(Host host, Object value) throws IOException {
        return host.hasMatch((PathPattern) value);
    }

    @Override
    String missing(Host host, Object value) {
        PathPattern p = (PathPattern) value;
        return (p instanceof PathPattern.Exact ? "executable `" + p.text() + "` does not exist"
                : "no executable matches `" + p.text() + "`") + " on the host (below " + host.root() + ")";
    }

    @Override
    String help(Host host, Object value) {
        return "correct the path, or lint against the host where the executable is installed";
    }
}
