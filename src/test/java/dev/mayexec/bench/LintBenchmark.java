package dev.mayexec.bench;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.lint.LintOptions;
import dev.mayexec.lint.Linter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole lint of a generated fleet policy ({@link LintPolicyGenerator}): load, check and every
 * standard check, in a fresh JVM for each size, one shot (what {@code mayexec lint} costs in CI),
 * then two more in the same JVM.
 *
 * <p>Run: {@code bin/bench LintBenchmark} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 0)
@Measurement(iterations = 3)
public class LintBenchmark {
    @Param({"250", "500", "1000", "10000"})
    int rules;

    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = LintPolicyGenerator.write(Files.createTempDirectory("mayexec-lint"), rules);
    }

    @Benchmark
    public Pipeline.Result lint() throws Exception {
        return Pipeline.lint(dir, Linter.standard(LintOptions.DEFAULT));
    }
}
