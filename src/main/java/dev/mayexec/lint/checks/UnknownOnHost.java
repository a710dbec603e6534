package dev.mayexec.lint.checks;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.lint.Finding;
import dev.mayexec.lint.Host;
import dev.mayexec.lint.LintCheck;
import dev.mayexec.lint.LintContext;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Formula;
import dev.mayexec.lint.analysis.IntSet;
import dev.mayexec.lint.analysis.Strings;
import dev.mayexec.lint.analysis.ValueSet;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shape the host-aware name checks share: find every user, group, service or executable the
 * policy names (in conditions, sets and scopes) and report those the host does not have. A name
 * in a rule's condition comes with an example request from that name that the rule matches.
 */
abstract class UnknownOnHost implements LintCheck {

    /** One place the policy names a value: in a rule's condition, a set, or a scope. */
    record Use(Object value, SourceSpan span, Analysis.Ref rule, Attribute attribute) {}

    /** The attributes whose values this check looks up. */
    abstract Set<Attribute> attributes();

    /** The values a scope names that are of this check's kind. */
    abstract List<Object> scopeValues(Scope s);

    abstract boolean exists(Host host, Object value) throws IOException;

    /** The message for a value the host lacks, such as "user `alic` does not exist on the host". */
    abstract String missing(Host host, Object value);

    /** The fix, with "did you mean" where the host has a close name. */
    abstract String help(Host host, Object value);



    @Override
    public List<Finding> check(LintContext cx) {
        Host host = cx.host().orElseThrow();
        List<Finding> out = new ArrayList<>();
        for (Use u : uses(cx)) {
            try {
                if (exists(host, u.value())) continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Finding f = Finding.at(u.span(), missing(host, u.value())).help(help(host, u.value()));
            if (u.rule() != null) {
                Formula named = Formula.all(cx.analysis().matches(u.rule()), Analysis.attr(u.attribute(), only(cx, u)));
                f = LintContext.decided(() -> cx.analysis().example(named).orElse(null)).map(f::example).orElse(f);
            }
            out.add(f);
        }
        return out;
    }

    private static ValueSet only(LintContext cx, Use u) {
        return switch (u.value()) {
            case Integer i -> IntSet.of(List.of(i));
            case PathPattern p -> cx.analysis().paths(List.of(p));
            default -> Strings.of(String.valueOf(u.value()));
        };
    }

    private List<Use> uses(LintContext cx) {
        List<Use> out = new ArrayList<>();
        Set<String> sets = new LinkedHashSet<>();
        for (Analysis.Ref r : cx.analysis().rules()) {
            Stream.concat(r.rule().when().stream(), r.rule().unless().stream().flatMap(List::stream))
                    .filter(c -> attributes().contains(c.attribute()))
                    .forEach(c -> {
                        switch (c) {
                            case Condition.OneOf o -> o.values().forEach(v -> out.add(new Use(v, c.span(), r, c.attribute())));
                            case Condition.IntOneOf o -> o.values().forEach(v -> out.add(new Use(v, c.span(), r, c.attribute())));
                            case Condition.PathMatch p -> p.patterns().forEach(v -> out.add(new Use(v, c.span(), r, c.attribute())));
                            case Condition.InSet s -> sets.add(s.set());
                            default -> { }
                        }
                    });
        }
        for (String name : sets) {
            NamedSet s = cx.policy().sets().get(name);
            if (s != null) s.members().forEach(m -> out.add(new Use(m, s.span(), null, null)));
        }
        for (ScopeFile f : cx.policy().files()) {
            scopeValues(f.scope()).forEach(v -> out.add(new Use(v, f.span(), null, null)));
        }
        return out;
    }
}
