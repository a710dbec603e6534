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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cached decisions per second from two threads (both cores) sharing one {@link MayExec}, over 64
 * distinct requests that each thread cycles through.
 *
 * <p>Run: {@code bin/bench ThroughputBenchmark} (see docs/BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow"})
@Threads(2)
public class ThroughputBenchmark {
    private MayExec mx;
    private Request[] requests;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() throws Exception {
        mx = MayExec.load(PolicyGenerator.write(Files.createTempDirectory("mayexec-thrpt"), 1000));
        requests = new Request[64];
        for (int i = 0; i < requests.length; i++) {
            ProcessInfo p = new ProcessInfo(4000 + i, 1000 + i, 1000 + i, List.of(1000 + i), "user" + i, null,
                    "/usr/bin/python3.11", null, null, null, null, null, null, null);
            FileInfo f = new FileInfo("/home/user" + i + "/p" + (i % 8) + "/main.py", FileType.REGULAR, 0755, 1000 + i,
                    1000 + i, 2049L, 100L + i, 10L, 1L, 1L, new MountInfo("/home", "ext4", false, false, false), false, null,
                    null, null, null);
            requests[i] = Request.of(Channel.FILE, p, f);
            mx.decide(requests[i]);
        }
    }

    @Benchmark
    public Decision cachedDecisions(Cursor c) {
        return mx.decide(requests[c.next++ & 63]);
    }
}
