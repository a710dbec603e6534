package dev.mayexec.lint;

import dev.mayexec.lint.checks.DeadAllow;
import dev.mayexec.lint.checks.EscapableDeny;
import dev.mayexec.lint.checks.FilelessAllowEveryone;
import dev.mayexec.lint.checks.ImpossibleCondition;
import dev.mayexec.lint.checks.LaunchWithoutSecurebits;
import dev.mayexec.lint.checks.NoInterpreterProfile;
import dev.mayexec.lint.checks.Overlap;
import dev.mayexec.lint.checks.RedundantRule;
import dev.mayexec.lint.checks.RelaxSecurebits;
import dev.mayexec.lint.checks.UncheckedDefaultAllow;
import dev.mayexec.lint.checks.UnknownExecutable;
import dev.mayexec.lint.checks.UnknownGroup;
import dev.mayexec.lint.checks.UnknownService;
import dev.mayexec.lint.checks.UnknownUser;
import dev.mayexec.lint.checks.UnusedSet;
import dev.mayexec.lint.checks.WritablePathAllow;
import java.util.List;

/**
 * The registry of lint checks: written out by hand (no class-path scanning), kept sorted by class
 * name. A new check is added here, with its test, its fixtures and its line in docs/LINT.md.
 */
public final class LintChecks {
    public static final List<LintCheck> ALL = List.of(
            // keep-sorted start
            new DeadAllow(),
            new EscapableDeny(),
            new FilelessAllowEveryone(),
            new ImpossibleCondition(),
            new LaunchWithoutSecurebits(),
            new NoInterpreterProfile(),
            new Overlap(),
            new RedundantRule(),
            new RelaxSecurebits(),
            new UncheckedDefaultAllow(),
            new UnknownExecutable(),
            new UnknownGroup(),
            new UnknownService(),
            new UnknownUser(),
            new UnusedSet(),
            new WritablePathAllow()
            // keep-sorted end
    );

    private LintChecks() {}
}
