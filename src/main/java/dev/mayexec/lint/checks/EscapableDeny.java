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
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A deny that rests only on facts a request may leave out: a condition on an unknown fact does not
 * hold (docs/POLICY.md), so a request without the fact (or a live collection that failed to get
 * it) escapes the deny, and where an allow or an allow default applies, its code runs. The facts
 * that name the question (the channel, the path, who asks and with which executable) are always
 * given; the others (the file's owner, mode, mount and hash, whether others can write it, the
 * process's capabilities, label and descriptors, …) are the ones a deny must not rest on alone.
 */
@LintRule(id = "escapable-deny", summary = "a deny that a request escapes by leaving out the facts it rests on",
        severity = Severity.WARNING)
public final class EscapableDeny implements LintCheck {
    /** The facts that name the question: a request (or a live collection) always has them. */
    private static final Set<Attribute> NAMING = EnumSet.of(Attribute.PATH, Attribute.UID, Attribute.GID,
            Attribute.GROUP, Attribute.USER, Attribute.SERVICE, Attribute.EXE, Attribute.INTERPRETER);

    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref deny : an.rules()) {
            List<Condition> when = deny.rule().when();
            if (!an.enforced(deny) || when.isEmpty() || when.stream().anyMatch(c -> NAMING.contains(c.attribute()))) {
                continue;
            }
            List<Attribute> facts = when.stream().map(Condition::attribute).distinct().toList();
            Formula escaping = Formula.all(Analysis.channels(deny.rule().channels()), Analysis.scope(deny.file().scope()),
                    Formula.all(facts.stream().map(an::unknown).toList()));
            LintContext.decided(() -> escape(cx, an, deny, escaping).orElse(null)).ifPresent(e -> out.add(
                    Finding.at(deny.rule().span(), Describe.rule(deny) + " rests only on " + Describe.list(
                                    facts.stream().map(Attribute::key).toList())
                                    + ", which a request may leave out (and a live collection may fail to get): a request "
                                    + "without " + (facts.size() == 1 ? "it" : "them") + " escapes the deny, and its code runs")
                            .help("deny by default and let the allows demand the opposite fact (as `others-can-write: "
                                    + "false` does for `others-can-write: true`), so that a request without it matches no "
                                    + "allow, or let a `kernel:` block demand what the kernel checks (it fails closed)")
                            .example(e)));
        }
        return out;
    }

    /** A request that meets the deny's channels and scope without its facts, and runs: by a default, or by an allow. */
    private static Optional<String> escape(LintContext cx, Analysis an, Analysis.Ref deny, Formula escaping) {
        for (Channel c : deny.rule().channels()) {
            ChannelDefault d = cx.policy().defaults().get(c);
            if (d == null || d.effect() != Effect.ALLOW) continue;
            Optional<Analysis.Example> e = an.runsByDefault(c, escaping);
            if (e.isPresent()) return Optional.of(e.get().json());
        }
        for (Analysis.Ref allow : an.meeting(deny)) {
            if (!allow.isAllow()) continue;
            Optional<Analysis.Example> e = an.runsUnder(allow, escaping);
            if (e.isPresent()) return Optional.of(e.get().json());
        }
        return Optional.empty();
    }
}
