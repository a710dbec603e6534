package dev.mayexec.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.ScopeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lint fixtures in {@code compiler-tests/lint/<check>/<case>/policy/}: each marks its expected
 * findings on the offending line itself, as {@code # expect: mx.lint.<id>} (several: comma-separated).
 * A fixture passes when the linter reports exactly the marked findings, every one with an example
 * that the engine confirms ({@link MatchOracle}). A fixture may also mark the checker's errors
 * ({@code mx.check.undefined-set}), which stop the pipeline before lint. Fixtures of host-aware checks are linted against
 * {@code compiler-tests/lint/host/}.
 */
public final class LintFixtures {
    public static final Path ROOT = Path.of("compiler-tests", "lint");
    public static final Path HOST = ROOT.resolve("host");
    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(.+)$");

    /** A fixture: the check whose directory it is in, and the directory that holds {@code policy/}. */
    public record Fixture(String check, Path dir) {
        public Path policy() {
            return dir.resolve("policy");
        }

        @Override
        public String toString() {
            return check + "/" + dir.getFileName();
        }
    }

    /** What linting a fixture gave. */
    public record Linted(Fixture fixture, Policy policy, List<Diagnostic> diagnostics) {}

    private LintFixtures() {}

    public static List<Fixture> of(String check) throws IOException {
        Path d = ROOT.resolve(check);
        if (!Files.isDirectory(d)) return List.of();
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> Files.isDirectory(p.resolve("policy"))).sorted().map(p -> new Fixture(check, p)).toList();
        }
    }

    public static Linted lint(Fixture f) throws Exception {
        boolean host = LintChecks.ALL.stream().anyMatch(c -> c.id().equals(f.check()) && c.needsHost());
        LintOptions options = new LintOptions(java.util.Map.of(), host ? HOST : null);
        try {
            Pipeline.Result r = Pipeline.lint(f.policy(), Linter.standard(options));
            return new Linted(f, r.policy(), r.diagnostics());
        } catch (dev.mayexec.diag.PolicyException e) {
            return new Linted(f, null, e.diagnostics()); // a fixture may expect the checker's errors too
        }
    }

    /**
     * Checks every fixture of {@code check} and returns the findings of that check in fixture
     * {@code name} (a directory under {@code compiler-tests/lint/<check>/}).
     */
    public static List<Diagnostic> checkAll(String check, String name) throws Exception {
        List<Diagnostic> found = null;
        for (Fixture f : of(check)) {
            Linted l = check(f);
            if (f.dir().getFileName().toString().equals(name)) {
                found = l.diagnostics().stream().filter(d -> d.code().equals("mx.lint." + check)).toList();
            }
        }
        if (found == null) throw new AssertionError("no fixture " + check + "/" + name);
        return found;
    }

    /** The {@code file:line code} of every {@code # expect:} mark, sorted. */
    public static List<String> expected(Fixture f) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(f.policy())) {
            for (Path p : s.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EXPECT.matcher(lines.get(i));
                    if (!m.find()) continue;
                    for (String code : m.group(1).split(",")) {
                        out.add(f.policy().relativize(p) + ":" + (i + 1) + " " + code.strip());
                    }
                }
            }
        }
        return out.stream().sorted().toList();
    }

    public static List<String> actual(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.span().file() + ":" + d.span().line() + " " + d.code()).sorted().toList();
    }

    /** Lints the fixture, compares its findings with the marks, and replays every example on the engine. */
    public static Linted check(Fixture f) throws Exception {
        Linted l = lint(f);
        assertEquals(expected(f), actual(l.diagnostics()), f + ": findings differ from the `# expect:` marks;\n"
                + l.diagnostics().stream().map(d -> d + " " + d.example()).reduce("", (a, b) -> a + "\n  " + b));
        if (l.policy() == null) return l;
        MatchOracle oracle = new MatchOracle(l.policy());
        for (Diagnostic d : l.diagnostics()) {
            confirm(f, l.policy(), oracle, d);
        }
        return l;
    }

    private static void confirm(Fixture f, Policy policy, MatchOracle oracle, Diagnostic d) throws Exception {
        String id = d.code().replaceFirst("^mx\\.lint\\.", "");
        Optional<Rule> rule = ruleAt(policy, d.span());
        boolean atRule = rule.isPresent() && !id.equals("unused-set");
        if (d.example() == null) {
            assertTrue(id.equals("unused-set") || !atRule, f + ": " + d + " has no example request");
            return;
        }
        Set<String> matched = oracle.matched(d.example());
        Decision decision = oracle.decide(d.example());
        String what = f + ": " + d + "\n  example " + d.example() + " matched " + matched + ", decided " + decision;
        switch (id) {
            case "impossible-condition" -> // an exception that never holds leaves the rule matching; else it never does
                    assertEquals(d.message().startsWith("this `unless` block"), matched.contains(rule.orElseThrow().id()), what);
            case "dead-allow", "overlap" -> { // the example meets the allow and (one of) the denies
                assertTrue(matched.contains(rule.orElseThrow().id()), what);
                assertTrue(d.related().stream().anyMatch(r -> matched.contains(ruleAt(policy, r.span()).orElseThrow().id())),
                        what);
                assertEquals(Decision.Outcome.DENY, decision.decision(), what);
            }
            case "redundant-rule" -> {
                assertTrue(matched.contains(rule.orElseThrow().id()), what);
                d.related().forEach(r -> assertTrue(matched.contains(ruleAt(policy, r.span()).orElseThrow().id()), what));
            }
            case "writable-path-allow", "fileless-allow-everyone", "unchecked-default-allow" -> {
                assertEquals(Decision.Outcome.ALLOW, decision.decision(), what);
                if (atRule) assertTrue(matched.contains(rule.get().id()), what);
            }
            case "relax-securebits" -> {
                assertTrue(matched.contains(rule.orElseThrow().id()), what);
                assertTrue(decision.denied(), what);
            }
            default -> {
                if (atRule) assertTrue(matched.contains(rule.get().id()), what);
            }
        }
        assertNotEquals("request.invalid", decision.reasons().getFirst().code(), what);
    }

    /** The rule a place lies in: the last rule of the file that starts at or before it. */
    static Optional<Rule> ruleAt(Policy policy, SourceSpan at) {
        Rule found = null;
        for (ScopeFile file : policy.files()) {
            if (!file.file().equals(at.file())) continue;
            for (Rule r : file.rules()) {
                if (r.span().line() <= at.line()) found = r;
            }
        }
        return Optional.ofNullable(found);
    }
}
