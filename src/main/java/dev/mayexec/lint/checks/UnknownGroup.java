package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.lint.Host;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Scope;
import java.util.List;
import java.util.Set;

/** A gid (in {@code group} or {@code gid}) that the host's group file does not list (host-aware). */
@LintRule(id = "unknown-group", summary = "a group id that the host does not have",
        severity = Severity.WARNING, needsHost = true)
public final class UnknownGroup extends UnknownOnHost {
    @Override
    Set<Attribute> attributes() {
        return Set.of(Attribute.GROUP, Attribute.GID);
    }

    @Override
    List<Object> scopeValues(Scope s) {
        return s instanceof Scope.Group g ? List.of(g.gid()) : List.of();
    }

    @Override
    boolean exists(Host host, Object value) {
        return !(value instanceof Integer gid) || host.hasGroup(gid);
    }

    @Override
    String missing(Host host, Object value) {
        return "group " + value + " does not exist on the host (" + host.describe("etc/group") + ")";
    }

    @Override
    String help(Host host, Object value) {
        return "write the gid of an existing group, or lint against the host where the group exists";
    }
}
