package dev.mayexec.check;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.diag.Suggest;
import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.ProfileRef;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks what no single file can show: every channel has a default, rule ids are unique, set
 * references resolve to a set of the right type, interpreter profiles do not claim the same
 * executable and borrow only from profiles that exist. Reports every problem, not only the first.
 */
public final class PolicyChecker {
    private final Diagnostics diagnostics;

    public PolicyChecker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Returns whether the policy passed (no error was reported). */
    public boolean check(Policy policy) {
        checkDefaults(policy);
        checkRuleIds(policy);
        checkSetReferences(policy);
        checkInterpreters(policy);
        checkProfileReferences(policy);
        return !diagnostics.hasErrors();
    }

    private void checkDefaults(Policy policy) {
        List<String> missing = Stream.of(Channel.values())
                .filter(c -> !policy.defaults().containsKey(c))
                .map(Channel::id)
                .toList();
        if (!missing.isEmpty()) {
            SourceSpan at = policy.defaultsSpan();
            diagnostics.error("mx.check.missing-default", at,
                    "no default for channel" + (missing.size() > 1 ? "s " : " ") + "`" + String.join("`, `", missing) + "`",
                    "every channel needs an explicit default under `defaults:`, such as `" + missing.getFirst() + ": deny`");
        }
    }

    private void checkRuleIds(Policy policy) {
        Map<String, Rule> seen = new HashMap<>();
        for (ScopeFile f : policy.files()) {
            for (Rule r : f.rules()) {
                Rule first = seen.putIfAbsent(r.id(), r);
                if (first != null) {
                    diagnostics.error("mx.check.duplicate-rule-id", r.span(),
                            "rule id `" + r.id() + "` is already used at " + first.span(),
                            "rule ids are unique across the policy; decisions name the rule by its id");
                }
            }
        }
    }

    private void checkSetReferences(Policy policy) {
        for (ScopeFile f : policy.files()) {
            for (Rule r : f.rules()) {
                Stream.concat(r.when().stream(), r.unless().stream().flatMap(List::stream))
                        .filter(Condition.InSet.class::isInstance)
                        .map(Condition.InSet.class::cast)
                        .forEach(ref -> checkReference(policy, ref));
            }
        }
    }

    private void checkReference(Policy policy, Condition.InSet ref) {
        NamedSet set = policy.sets().get(ref.set());
        if (set == null) {
            diagnostics.error("mx.check.undefined-set", ref.span(), "set `" + ref.set() + "` is not defined",
                    policy.sets().isEmpty()
                            ? "define it under `sets:` in policy.yaml"
                            : Suggest.help(ref.set(), policy.sets().keySet()));
        } else if (set.type() != ref.attribute().setType()) {
            diagnostics.error("mx.check.set-type", ref.span(),
                    "attribute `" + ref.attribute().key() + "` takes a set of type `" + ref.attribute().setType().id()
                            + "`, but set `" + set.name() + "` has type `" + set.type().id() + "`",
                    "use a set of type `" + ref.attribute().setType().id() + "`");
        }
    }

    /**
     * Profiles that borrow a syntax ({@code syntax: NAME}) or name applets must name a profile (the
     * policy's own or a shipped one); borrowing must end somewhere.
     */
    private void checkProfileReferences(Policy policy) {
        Map<String, Scope.Interpreter> own = new LinkedHashMap<>();
        Map<String, Scope.Interpreter> shipped = new LinkedHashMap<>();
        Policy.interpreters(policy.files()).forEach(in -> own.putIfAbsent(in.name(), in));
        Policy.interpreters(policy.shipped()).forEach(in -> shipped.putIfAbsent(in.name(), in));
        Set<String> names = new TreeSet<>(own.keySet());
        names.addAll(shipped.keySet());
        for (boolean isOwn : List.of(true, false)) {
            for (Scope.Interpreter in : (isOwn ? own : shipped).values()) {
                List<ProfileRef> refs = new ArrayList<>();
                if (in.syntaxOf() != null) refs.add(in.syntaxOf());
                if (in.syntax() != null) refs.addAll(in.syntax().applets().values());
                for (ProfileRef ref : refs) {
                    if (!(isOwn ? names : shipped.keySet()).contains(ref.name())) {
                        diagnostics.error("mx.check.unknown-profile", ref.span(), "no interpreter profile is named `"
                                + ref.name() + "`", Suggest.help(ref.name(), isOwn ? names : shipped.keySet()));
                    }
                }
                if (in.syntaxOf() != null && borrowsInACircle(in, isOwn, own, shipped)) {
                    diagnostics.error("mx.check.profile-cycle", in.syntaxOf().span(), "profile `" + in.name()
                            + "` borrows its syntax in a circle (through `" + in.syntaxOf().name() + "`)",
                            in.syntaxOf().name().equals(in.name())
                                    ? "leave `syntax:` out: a profile already uses the shipped syntax of its own name"
                                    : "let one profile of the circle write its own options");
                }
            }
        }
    }

    private static boolean borrowsInACircle(Scope.Interpreter start, boolean isOwn, Map<String, Scope.Interpreter> own,
            Map<String, Scope.Interpreter> shipped) {
        Set<Scope.Interpreter> seen = new HashSet<>();
        Scope.Interpreter in = start;
        boolean fromOwn = isOwn;
        while (in != null && in.syntaxOf() != null) {
            if (!seen.add(in)) return true;
            fromOwn = fromOwn && own.containsKey(in.syntaxOf().name());
            in = (fromOwn ? own : shipped).get(in.syntaxOf().name());
        }
        return false;
    }

    private void checkInterpreters(Policy policy) {
        Map<String, ScopeFile> names = new HashMap<>();
        Map<String, ScopeFile> exes = new HashMap<>();
        for (ScopeFile f : policy.files()) {
            if (!(f.scope() instanceof Scope.Interpreter in)) continue;
            ScopeFile other = names.putIfAbsent(in.name(), f);
            if (other != null) {
                diagnostics.error("mx.check.duplicate-interpreter", f.span(),
                        "interpreter `" + in.name() + "` is already defined in " + other.file(),
                        "merge the two files, or give this profile another name");
            }
            for (PathPattern p : in.executables()) {
                ScopeFile owner = exes.putIfAbsent(p.text(), f);
                if (owner != null && owner != f) {
                    diagnostics.error("mx.check.duplicate-executable", f.span(),
                            "executable `" + p.text() + "` is claimed by " + owner.file() + " too",
                            "an executable belongs to one interpreter profile");
                }
            }
        }
    }
}
