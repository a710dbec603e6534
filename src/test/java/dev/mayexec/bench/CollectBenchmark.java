package dev.mayexec.bench;

import dev.mayexec.collect.Kernel;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.collect.SystemRoot;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of live facts: one {@code AT_EXECVE_CHECK} through FFM; a file's facts cold (a new
 * collector: mountinfo parsed, sha256 computed) and warm (mountinfo unchanged, digest cached by the
 * file's identity); a process's facts from /proc.
 *
 * <p>Run: {@code bin/bench CollectBenchmark} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class CollectBenchmark {
    private static final Set<String> READS_SHA = Set.of("sha256");
    private Path script;
    private LiveFacts warm;
    private Request fileRequest;
    private Request processRequest;

    @Setup
    public void setUp() throws Exception {
        script = Files.writeString(Files.createTempDirectory("mx-bench").resolve("s.py"), "print('x')\n".repeat(200));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        warm = LiveFacts.system();
        int self = (int) ProcessHandle.current().pid();
        FileInfo path = new FileInfo(script.toString(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        ProcessInfo pid = new ProcessInfo(self, null, null, null, null, null, null, null, null, null, null, null, null, null);
        fileRequest = Request.of(Channel.FILE, ProcessInfo.UNKNOWN, path);
        processRequest = Request.of(Channel.INLINE, pid, null);
        warm.complete(fileRequest, READS_SHA);
    }

    @Benchmark
    public String kernelCheck() {
        return Kernel.checkExec(script);
    }

    @Benchmark
    public Request fileFactsWarm() throws Exception {
        return warm.complete(fileRequest, READS_SHA);
    }

    @Benchmark
    public Request fileFactsCold() throws Exception {
        return new LiveFacts(SystemRoot.live()).complete(fileRequest, READS_SHA);
    }

    @Benchmark
    public Request processFacts() throws Exception {
        return warm.complete(processRequest, Set.of());
    }
}
