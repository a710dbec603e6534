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
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.policy.SetType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Code with no file ({@code inline}, {@code interactive}, {@code environment}, and {@code stdin}
 * from a pipe: {@code curl … | sh}) allowed to every service: the check asks whether a process known
 * only by its systemd unit, one the policy never names, may run such code. An allow that needs
 * nothing but the channel, or an allow default, lets it; so does one whose only guard is an
 * {@code unless} exception, which never holds on a fact the request leaves out.
 */
@LintRule(id = "fileless-allow-everyone", summary = "`inline`, `interactive`, `environment` or `stdin` allowed to every service",
        severity = Severity.WARNING)
public final class FilelessAllowEveryone implements LintCheck {
    private static final Set<Channel> CHANNELS = EnumSet.of(Channel.STDIN, Channel.INLINE, Channel.INTERACTIVE,
            Channel.ENVIRONMENT);

    @Override
    public List<Finding> check(LintContext cx) {
        Analysis an = cx.analysis();
        List<Formula> onlyService = new ArrayList<>();
        onlyService.add(Analysis.attr(Attribute.SERVICE, new Strings(true, namedServices(cx))));
        for (Attribute a : Attribute.values()) {
            if (a != Attribute.SERVICE) onlyService.add(an.unknown(a));
        }
        Formula anyService = Formula.all(onlyService);
        String help = "allow code with no file only in `services/UNIT.yaml` of the units that need it";
        List<Finding> out = new ArrayList<>();
        for (Analysis.Ref r : an.rules()) {
            if (!r.isAllow()) continue;
            List<String> reached = new ArrayList<>();
            String example = null;
            for (Channel c : CHANNELS) {
                if (!r.rule().channels().contains(c)) continue;
                String e = LintContext.decided(() -> an.runsUnder(r, Formula.all(Analysis.channel(c), anyService))
                        .map(Analysis.Example::json).orElse(null)).orElse(null);
                if (e != null) {
                    reached.add(c.id());
                    if (example == null) example = e;
                }
            }
            if (!reached.isEmpty()) {
                out.add(Finding.at(r.rule().span(), Describe.rule(r) + " lets every service run code through "
                        + Describe.list(reached) + ": " + why(r)).help(help).example(example));
            }
        }
        for (Channel c : CHANNELS) {
            ChannelDefault d = cx.policy().defaults().get(c);
            if (d == null || d.effect() != Effect.ALLOW) continue;
            LintContext.decided(() -> an.runsByDefault(c, anyService).map(Analysis.Example::json).orElse(null))
                    .ifPresent(e -> out.add(Finding.at(d.span(), "the default `allow` for channel `" + c.id()
                            + "` lets every service run code through it" + (c == Channel.STDIN
                                    ? " (`curl … | sh`, `sh < /tmp/x.sh`)" : "")).help("make the default `deny`; " + help)
                            .example(e)));
        }
        return out;
    }

    /**
     * Why a request with no facts reaches the rule: it needs nothing but the channel, and its
     * exceptions, if any, rest on facts such a request leaves out.
     */
    private static String why(Analysis.Ref r) {
        List<String> facts = r.rule().unless().stream().flatMap(List::stream).map(Condition::attribute)
                .filter(a -> a != Attribute.SERVICE).map(Attribute::key).distinct().toList();
        if (facts.isEmpty()) return "it needs nothing but the channel";
        return "its `unless` exception on " + Describe.list(facts) + " never holds when a request leaves "
                + (facts.size() == 1 ? "that fact" : "those facts") + " out (a condition on an unknown fact does not hold), "
                + "and it needs nothing else but the channel";
    }

    /** Every unit the policy names: in service scopes, `service` conditions and `services` sets. */
    private static Set<String> namedServices(LintContext cx) {
        Set<String> out = new LinkedHashSet<>();
        for (ScopeFile f : cx.policy().files()) {
            if (f.scope() instanceof Scope.Service s) out.add(s.unit());
            f.rules().forEach(r -> java.util.stream.Stream.concat(r.when().stream(), r.unless().stream().flatMap(List::stream))
                    .filter(c -> c.attribute() == Attribute.SERVICE && c instanceof Condition.OneOf)
                    .forEach(c -> out.addAll(((Condition.OneOf) c).values())));
        }
        cx.policy().sets().values().stream().filter(s -> s.type() == SetType.SERVICES)
                .forEach(s -> s.members().forEach(m -> out.add((String) m)));
        return out;
    }
}
