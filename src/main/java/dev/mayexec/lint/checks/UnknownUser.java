package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.diag.Suggest;
import dev.mayexec.lint.Host;
import dev.mayexec.lint.LintRule;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Scope;
import java.util.List;
import java.util.Set;

/** A user name the host's passwd file does not list (host-aware). */
@LintRule(id = "unknown-user", summary = "a user name that the host does not have",
        severity = Severity.WARNING, needsHost = true)
public final class UnknownUser extends UnknownOnHost {
    @Override
    Set<Attribute> attributes() {
        return Set.of(Attribute.USER);
    }

    @Override
    List<Object> scopeValues(Scope s) {
        return s instanceof Scope.User u ? List.of(u.name()) : List.of();
    }

    @Override
    boolean exists(Host host, Object value) {
        return host.passwd().containsKey((String) value);
    }

    @Override
    String missing(Host host, Object value) {
        return "user `" + value + "` does not exist on the host (" + host.describe("etc/passwd") + ")";
    }

    @Override
    String help(Host host, Object value) {
        return Suggest.closest((String) value, host.passwd().keySet()).map(c -> "did you mean `" + c + "`?")
                .orElse("correct the name, or lint against the host where the user exists");
    }
}
