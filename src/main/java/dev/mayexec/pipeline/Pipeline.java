package dev.mayexec.pipeline;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.check.PolicyChecker;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.DrlCompiler;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleBases;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.lint.Linter;
import dev.mayexec.load.PolicyLoader;
import dev.mayexec.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a policy directory into a rule engine through named stages, in order: load (YAML to model),
 * check (cross-file rules), lint (only when asked: {@link #lint}), compile (model to DRL), build (DRL
 * to a Drools KieBase). Each stage is timed; a stage that reports an error stops the pipeline with
 * every diagnostic found so far. Lint findings never stop it: they are advice, returned in the result.
 */
public final class Pipeline {

    /** The stages, in the order they run. */
    public enum Stage {
        LOAD,
        CHECK,
        LINT,
        COMPILE,
        BUILD
    }

    /** What the pipeline produced up to the last stage it ran, with each stage's time. */
    public record Result(Policy policy, CompiledPolicy compiled, RuleEngine engine, Map<Stage, Duration> timings,
            List<Diagnostic> diagnostics) {}

    private Pipeline() {}

    /** Runs every stage; the result has an engine. */
    public static Result run(Path dir) throws PolicyException {
        return runUpTo(dir, Stage.BUILD);
    }

    /** Runs every stage, the build from the packages {@code store} keeps for the policy when it may. */
    public static Result run(Path dir, RuleBases store) throws PolicyException {
        try {
            return run(dir, Stage.BUILD, null, store);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // only the lint stage reads the host
        }
    }

    /** Runs the stages up to and including {@code last}, without lint. */
    public static Result runUpTo(Path dir, Stage last) throws PolicyException {
        try {
            return run(dir, last, null, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // only the lint stage reads the host
        }
    }

    /**
     * Loads, checks and lints the policy; the result's diagnostics are the lint findings.
     *
     * @throws PolicyException when the policy does not load or check
     * @throws IOException when the linter's host cannot be read
     */
    public static Result lint(Path dir, Linter linter) throws PolicyException, IOException {
        return run(dir, Stage.LINT, linter, null);
    }

    private static Result run(Path dir, Stage last, Linter linter, RuleBases store) throws PolicyException, IOException {
        Diagnostics diagnostics = new Diagnostics();
        List<Diagnostic> findings = new ArrayList<>();
        Map<Stage, Duration> timings = new LinkedHashMap<>();
        Policy policy = null;
        CompiledPolicy compiled = null;
        RuleEngine engine = null;
        for (Stage stage : Stage.values()) {
            if (stage == Stage.LINT && linter == null) {
                if (stage == last) break;
                continue;
            }
            long start = System.nanoTime();
            switch (stage) {
                case LOAD -> policy = new PolicyLoader(diagnostics).load(dir).orElse(null);
                case CHECK -> new PolicyChecker(diagnostics).check(policy);
                case LINT -> findings.addAll(linter.lint(policy));
                case COMPILE -> compiled = DrlCompiler.compile(policy);
                case BUILD -> engine = store == null ? RuleEngine.build(compiled) : RuleEngine.build(compiled, store);
            }
            timings.put(stage, Duration.ofNanos(System.nanoTime() - start));
            if (diagnostics.hasErrors()) {
                throw new PolicyException(diagnostics.sorted());
            }
            if (stage == last) break;
        }
        List<Diagnostic> all = new ArrayList<>(diagnostics.sorted());
        all.addAll(findings);
        return new Result(policy, compiled, engine, timings, all);
    }
}
