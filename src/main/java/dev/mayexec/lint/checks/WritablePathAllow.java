package dev.mayexec.lint.checks;

import dev.mayexec.diag.Severity;
import dev.mayexec.facts.Channel;
import dev.mayexec.lint.Describe;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Code allowed to run from a path that users other than root can write (Windows' "FilePath rule
 * protection"): an allow by path is only as strong as the path's write permissions. A rule is safe
 * when the file cannot be someone else's: it demands {@code others-can-write: false}, pins
 * {@code sha256}, or demands {@code package-trusted: true}. Standard input read from a file counts
 * ({@code sh < /var/tmp/batch-queue/job}), and so do defaults that allow these channels.
 */
@LintRule(id = "writable-path-allow", summary = "code allowed to run from a path that users other than root can write",
        severity = Severity.ERROR)
public final class WritablePathAllow implements LintCheck {
    /** The file channels, and stdin when it is a file ({@code sh < /var/tmp/job}): code read from a path. */
    private static final Set<Channel> CHANNELS = EnumSet.of(Channel.FILE, Channel.MODULE, Channel.LIBRARY,
            Channel.CONFIG, Channel.STDIN);

    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        Formula exposed = Formula.all(
                Analysis.attr(Attribute.PATH, an.paths(cx.writablePaths())),
                Formula.not(Analysis.attr(Attribute.OTHERS_CAN_WRITE, Strings.of("false"))),
                an.unknown(Attribute.SHA256),
                Formula.not(Analysis.attr(Attribute.PACKAGE_TRUSTED, Strings.of("true"))));
        String help = "demand `others-can-write: false` (with `file-uid: 0`), pin `sha256`, or allow only directories "
                + "that only root can write";
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            if (!r.isAllow() || r.rule().channels().stream().noneMatch(CHANNELS::contains)) continue;
            LintContext.decided(() -> an.runsUnder(r, Formula.all(Analysis.channels(CHANNELS), exposed)).orElse(null))
                    .ifPresent(e -> out.add(Finding.at(r.rule().span(), Describe.rule(r) + " lets code run from `"
                            + e.model().get(Attribute.PATH) + "`, which users other than root can write").help(help)
                            .example(e.json())));
        }
        for (Channel c : CHANNELS) {
            ChannelDefault d = cx.policy().defaults().get(c);
            if (d == null || d.effect() != Effect.ALLOW) continue;
            Optional<Analysis.Example> e = LintContext.decided(() -> an.runsByDefault(c, exposed).orElse(null));
            e.ifPresent(x -> out.add(Finding.at(d.span(), "the default `allow` for channel `" + c.id()
                    + "` lets code run from `" + x.model().get(Attribute.PATH) + "`, which users other than root can write")
                    .help("make the default `deny` and allow what should run; " + help).example(x.json())));
        }
        return out;
    }
}
