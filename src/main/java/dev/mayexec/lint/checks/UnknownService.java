package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Host;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Scope;
import java.util.List;
import java.util.Set;

/** A systemd unit for which the host has no unit file (host-aware). */
@LintRule(id = "unknown-service", summary = "a systemd unit that the host does not have",
        severity = Severity.WARNING, needsHost = true)
public final class UnknownService extends UnknownOnHost {
    @Override
    Set<Attribute> attributes() {
        return Set.of(Attribute.SERVICE);
    }

    @Override
    List<Object> scopeValues(Scope s) {
        return s instanceof Scope.Service v ? List.of(v.unit()) : List.of();
    }

    @Override
    boolean exists(Host host, Object value) {
        return host.hasUnit((String) value);
    }

    @Override
    String missing(Host host, Object value) {
        return "service `" + value + "` has no unit file on the host (under " + host.describe("etc/systemd/system")
                + " or the other unit directories)";
    }

    @Override
    String help(Host host, Object value) {
        return ((String) value).contains(".") ? "correct the unit's name, or lint against the host that runs it"
                : "name the unit with its suffix, as in `" + value + ".service`";
    }
}
