package dev.mayexec.lint;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Severity;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Undecided;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.policy.SetType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs lint checks over a checked policy and turns their findings into diagnostics coded
 * {@code mx.lint.<id>}, with each check's severity as the options set it, sorted by place.
 */
public final class Linter {
    private final List<LintCheck> checks;
    private final LintOptions options;

    public Linter(List<LintCheck> checks, LintOptions options) {
        this.checks = List.copyOf(checks);
        this.options = options;
    }

    /** The standard checks ({@link LintChecks#ALL}). */
    public static Linter standard(LintOptions options) {
        return new Linter(LintChecks.ALL, options);
    }

    /**
     * Lints {@code policy}.
     *
     * @throws IOException when the host given in the options cannot be read
     */
    public List<Diagnostic> lint(Policy policy) throws IOException {
        Host host = options.host() == null ? null : Host.at(options.host());
        List<PathPattern> hostWritable = host == null ? List.of() : host.writable(allowedDirs(policy));
        List<String> extra = new ArrayList<>(LintContext.USER_WRITABLE);
        hostWritable.forEach(p -> extra.add(p instanceof PathPattern.Under u ? u.dir() : p.text()));
        Analysis analysis = new Analysis(policy, host == null ? Map.of() : host.passwd(), extra);
        LintContext cx = new LintContext(analysis, host, hostWritable);
        List<Diagnostic> out = new ArrayList<>();
        for (LintCheck check : checks) {
            Optional<Severity> severity = options.severity(check);
            if (severity.isEmpty() || (check.needsHost() && host == null)) continue;
            List<Finding> findings;
            try {
                findings = check.check(cx);
            } catch (Undecided e) {
                continue; // a check reports only what it could decide
            }
            for (Finding f : findings) {
                out.add(new Diagnostic("mx.lint." + check.id(), severity.get(), f.message(), f.help(), f.span(),
                        f.example(), f.related()));
            }
        }
        return out.stream().sorted(Diagnostic.BY_PLACE).toList();
    }

    /** The directories that allow rules admit code from, where the host scan for writable paths starts. */
    private static Set<String> allowedDirs(Policy policy) {
        Set<String> dirs = new LinkedHashSet<>();
        for (ScopeFile f : policy.files()) {
            for (Rule r : f.rules()) {
                if (r.effect() != dev.mayexec.policy.Effect.ALLOW) continue;
                for (Condition c : r.when()) {
                    if (c.attribute() != dev.mayexec.policy.Attribute.PATH) continue;
                    patterns(policy, c).forEach(p -> dirs.add(switch (p) {
                        case PathPattern.Exact e -> e.path();
                        case PathPattern.Under u -> u.dir();
                        case PathPattern.Glob g -> Host.literalDir(g.glob());
                    }));
                }
            }
        }
        return dirs;
    }

    /** The patterns a path condition holds, or names through its set. */
    static Stream<PathPattern> patterns(Policy policy, Condition c) {
        if (c instanceof Condition.PathMatch m) return m.patterns().stream();
        if (c instanceof Condition.InSet s) {
            NamedSet set = policy.sets().get(s.set());
            if (set != null && set.type() == SetType.PATHS) return set.members().stream().map(PathPattern.class::cast);
        }
        return Stream.empty();
    }
}
