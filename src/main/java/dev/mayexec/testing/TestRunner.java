package dev.mayexec.testing;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.ScopeFile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs policy tests through the library and reports what failed and which rules no test exercised. */
public final class TestRunner {
    private TestRunner() {}

    /** One test's outcome; {@code failure} is null when it passed. */
    public record Result(PolicyTest test, Decision decision, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /**
     * The run: every result, and the rules that decided no test. A rule is exercised when some
     * test's decision names it as a reason (an allow shadowed by a deny in every test is not).
     */
    public record Report(List<Result> results, List<Rule> rules, List<Rule> unexercised) {
        public long failed() {
            return results.stream().filter(r -> !r.passed()).count();
        }

        /** The report for people: a line per test, a summary, then the rules no test exercised. */
        public void print(PrintWriter out) {
            for (Result r : results) {
                out.println((r.passed() ? "PASS  " : "FAIL  ") + r.test().span() + "  " + r.test().name());
                if (!r.passed()) out.println("      " + r.failure());
            }
            out.println(results.size() + " test" + (results.size() == 1 ? "" : "s") + ": " + (results.size() - failed())
                    + " passed, " + failed() + " failed");
            out.println("rule coverage: " + (rules.size() - unexercised.size()) + " of " + rules.size()
                    + " rules decided at least one test");
            for (Rule r : unexercised) {
                out.println("  not exercised: " + r.id() + " (" + r.span() + ")");
            }
            out.flush();
        }
    }

    public static Report run(Decider mx, List<PolicyTest> tests) {
        List<Result> results = new ArrayList<>();
        Set<String> exercised = new HashSet<>();
        for (PolicyTest t : tests) {
            Decision d = mx.decide(t.request());
            d.reasons().stream().map(Reason::rule).filter(r -> r != null).forEach(exercised::add);
            results.add(new Result(t, d, failure(t, d)));
        }
        Policy policy = mx.engine().compiled().policy();
        List<Rule> rules = policy.files().stream().map(ScopeFile::rules).flatMap(List::stream).toList();
        return new Report(results, rules, rules.stream().filter(r -> !exercised.contains(r.id())).toList());
    }

    /** What a decision amounts to in a test's terms: allow, deny, or audit (a deny not enforced). */
    static PolicyTest.Want outcome(Decision d) {
        return d.decision() == Decision.Outcome.ALLOW ? PolicyTest.Want.ALLOW
                : d.enforced() ? PolicyTest.Want.DENY : PolicyTest.Want.AUDIT;
    }

    private static String failure(PolicyTest t, Decision d) {
        PolicyTest.Want got = outcome(d);
        String reasons = d.reasons().stream().map(r -> r.code() + (r.rule() == null ? "" : ":" + r.rule()))
                .collect(Collectors.joining(", "));
        if (got != t.want()) {
            return "want " + t.want().id() + ", got " + got.id() + " (" + reasons + ")";
        }
        if (t.rule() != null && d.reasons().stream().noneMatch(r -> t.rule().equals(r.rule()))) {
            return "want rule `" + t.rule() + "` among the reasons, got " + reasons;
        }
        if (t.reason() != null && d.reasons().stream().noneMatch(r -> t.reason().equals(r.code())
                || t.reason().equals(r.code() + ":" + r.rule()))) {
            return "want reason `" + t.reason().toLowerCase(Locale.ROOT) + "`, got " + reasons;
        }
        return null;
    }
}
