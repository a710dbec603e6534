package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Securebit;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.LintRule;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.lint.analysis.Strings;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.KernelLevel;
import dev.mayexec.policy.KernelSettings;
import dev.mayexec.policy.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * A default {@code allow} for a file channel while policy.yaml demands no kernel check: any file no
 * rule denies runs, even one the kernel refuses (on a noexec mount, say) when the process's
 * securebits are off.
 */
@LintRule(id = "unchecked-default-allow", summary = "a default allow for a file channel without the kernel baseline",
        severity = Severity.WARNING)
public final class UncheckedDefaultAllow implements LintCheck {
    @Override
    public List<Finding> check(LintContext cx) {
        KernelSettings k = cx.policy().files().stream().filter(f -> f.scope() instanceof Scope.Everyone).findFirst()
                .map(f -> f.kernel()).orElse(null);
        if (k != null && (k.check() != KernelLevel.NONE || k.securebits().contains(Securebit.EXEC_RESTRICT_FILE))) {
            return List.of();
        }
        Analysis an = cx.analysis();
        Formula refused = Formula.any(Analysis.attr(Attribute.NOEXEC, Strings.of("true")),
                Analysis.attr(Attribute.KERNEL_CHECK, Strings.of("deny")));
        List<Finding> out = new ArrayList<>();
        for (Channel c : Analysis.fileChannels()) {
            ChannelDefault d = cx.policy().defaults().get(c);
            if (d == null || d.effect() != Effect.ALLOW) continue;
            LintContext.decided(() -> an.runsByDefault(c, refused).map(Analysis.Example::json).orElse(null))
                    .ifPresent(e -> out.add(Finding.at(d.span(), "the default `allow` for channel `" + c.id()
                                    + "` has no kernel baseline: code the kernel refuses to execute runs when the "
                                    + "process's securebits are off")
                            .help("add `kernel: {check: both}` (or `mount`) to policy.yaml, or make the default `deny`")
                            .example(e)));
        }
        return out;
    }
}
