package dev.mayexec;

import dev.mayexec.check.PolicyChecker;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.DrlCompiler;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.load.PolicyLoader;
import dev.mayexec.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a policy directory into a rule engine through named stages, in order: load (YAML to model),
 * check (cross-file rules), compile (model to DRL), build (DRL to a Drools KieBase). Each stage is
 * timed; a stage that reports an error stops the pipeline with every diagnostic found so far.
 */
public final class Pipeline {

    /** The stages, in the order they run. */
    public enum Stage {
        LOAD,
        CHECK,
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

    /** Runs the stages up to and including {@code last}. */
    public static Result runUpTo(Path dir, Stage last) throws PolicyException {
        Diagnostics diagnostics = new Diagnostics();
        Map<Stage, Duration> timings = new LinkedHashMap<>();
        Policy policy = null;
        CompiledPolicy compiled = null;
        RuleEngine engine = null;
        for (Stage stage : Stage.values()) {
            long start = System.nanoTime();
            switch (stage) {
                case LOAD -> policy = new PolicyLoader(diagnostics).load(dir).orElse(null);
                case CHECK -> new PolicyChecker(diagnostics).check(policy);
                case COMPILE -> compiled = DrlCompiler.compile(policy);
                case BUILD -> engine = RuleEngine.build(compiled);
            }
            timings.put(stage, Duration.ofNanos(System.nanoTime() - start));
            if (diagnostics.hasErrors()) {
                throw new PolicyException(diagnostics.sorted());
            }
            if (stage == last) break;
        }
        return new Result(policy, compiled, engine, timings, new ArrayList<>(diagnostics.sorted()));
    }
}
