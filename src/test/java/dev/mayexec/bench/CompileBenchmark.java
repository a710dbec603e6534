package dev.mayexec.bench;

import dev.mayexec.MayExec;
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
 * Loading, checking, compiling and building a generated policy into a Drools KieBase, in a JVM
 * limited to 1 GiB of heap: {@code load} is a cold start of the library; {@code reload} is a reload
 * in a warm process (what the daemon does on SIGHUP).
 *
 * <p>Run: {@code bin/bench CompileBenchmark} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--sun-misc-unsafe-memory-access=allow"})
public class CompileBenchmark {
    @Param({"1000", "10000"})
    int rules;

    private Path dir;
    private MayExec warm;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = PolicyGenerator.write(Files.createTempDirectory("mayexec-compile"), rules);
        warm = MayExec.load(dir, 0);
    }

    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public MayExec load() throws Exception {
        return MayExec.load(dir, 0);
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public MayExec reload() throws Exception {
        warm.reload();
        return warm;
    }
}
