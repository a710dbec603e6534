package dev.mayexec.bench;

import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The latency of one decision on a generated policy of {@code rules} rules: through the cache on a
 * repeated request, and uncached (fact building, projection, a Drools session, combining).
 *
 * <p>Run: {@code bin/bench DecideBenchmark} (see docs/BENCHMARKS.md). Sample mode, so that JMH
 * reports the median (p0.50) as well as the tail.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
public class DecideBenchmark {
    @Param({"100", "1000", "10000"})
    int rules;

    private MayExec cached;
    private MayExec uncached;
    private Request request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = PolicyGenerator.write(Files.createTempDirectory("mayexec-bench"), rules);
        cached = MayExec.load(dir);
        uncached = MayExec.load(dir, 0);
        ProcessInfo p = new ProcessInfo(4242, 1003, 1003, List.of(1003), "user3", null, "/usr/bin/python3.11", null, null,
                null, null, null, null, null);
        FileInfo f = new FileInfo("/home/user3/p2/tool.py", FileType.REGULAR, 0755, 1003, 1003, 2049L, 77L, 100L, 1L, 1L,
                new MountInfo("/home", "ext4", false, false, false), false, null, null, null, null);
        request = Request.of(Channel.FILE, p, f);
        cached.decide(request);
    }

    @Benchmark
    public Decision cached() {
        return cached.decide(request);
    }

    @Benchmark
    public Decision uncached() {
        return uncached.decide(request);
    }
}
