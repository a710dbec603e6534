package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Securebit;
import dev.mayexec.lint.Describe;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.lint.analysis.Strings;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.ScopeFile;
import java.util.ArrayList;
import java.util.List;

/**
 * An allow rule that tries to relax a securebits obligation, which no rule can (DESIGN.md §2): an
 * allow of code with no file where a {@code kernel:} block assumes {@code exec-deny-interactive}, or
 * an allow that only matches files the kernel refuses, which {@code exec-restrict-file} denies
 * whatever the policy says.
 */
@LintRule(id = "relax-securebits", summary = "an allow rule that tries to relax a securebits obligation",
        severity = Severity.WARNING)
public final class RelaxSecurebits implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<ScopeFile> assumeDi = cx.policy().files().stream()
                .filter(f -> f.kernel() != null && f.kernel().securebits().contains(Securebit.EXEC_DENY_INTERACTIVE))
                .toList();
        Formula diApplies = Formula.any(assumeDi.stream().map(f -> Analysis.scope(f.scope())).toList());
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            if (!r.isAllow()) continue;
            Formula m = an.matches(r);
            List<String> blocked = new ArrayList<>();
            String example = null;
            for (Channel c : Analysis.fileless()) {
                if (!r.rule().channels().contains(c)) continue;
                Formula on = Formula.all(m, Analysis.channel(c));
                boolean noEffect = LintContext.decided(() -> an.satisfiable(on) && an.implies(on, diApplies)).orElse(false);
                if (noEffect) {
                    blocked.add(c.id());
                    if (example == null) example = an.example(on).orElse(null);
                }
            }
            if (!blocked.isEmpty()) {
                Finding f = Finding.at(r.rule().span(), Describe.rule(r) + " has no effect on " + Describe.list(blocked)
                                + ": `exec-deny-interactive`, which a `kernel:` block assumes for every request it matches, "
                                + "denies code that comes with no file, and no rule can relax a securebits obligation")
                        .help("remove these channels from the rule, or the assumed securebit from the `kernel:` block");
                for (ScopeFile s : assumeDi) f = f.related(s.kernel().span(), "the `kernel:` block of " + s.file());
                out.add(example == null ? f : f.example(example));
            }
            boolean checkable = r.rule().channels().stream().anyMatch(c -> c.isFileChannel() || c == Channel.STDIN);
            Formula refused = Analysis.attr(Attribute.KERNEL_CHECK, Strings.of("deny"));
            boolean onlyRefused = checkable
                    && LintContext.decided(() -> an.satisfiable(m) && an.implies(m, refused)).orElse(false);
            if (onlyRefused) {
                Finding f = Finding.at(r.rule().span(), Describe.rule(r) + " only matches code that the kernel refuses "
                                + "to execute: when the process has `exec-restrict-file` (or `exec-deny-interactive`, for "
                                + "stdin) set, it has no effect, since no rule can relax a securebits obligation")
                        .help("allow files the kernel accepts, or let the kernel's verdict stand");
                out.add(an.example(m).map(e -> f.example(Describe.withSecurebits(e, "exec-restrict-file",
                        "exec-deny-interactive"))).orElse(f));
            }
        }
        return out;
    }
}
