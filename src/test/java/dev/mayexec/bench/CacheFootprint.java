package dev.mayexec.bench;

import dev.mayexec.MayExec;
import dev.mayexec.json.RequestJson;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The heap a cache entry keeps alive: {@code policies/example} with the default cache (100,000
 * decisions), asked 100,000 distinct requests from {@link RequestGenerator}, each twice (a question
 * is kept when it is asked again; none is evicted). The live heap after a full collection, before and after, divided by the entries; then
 * the classes that grew, from the JVM's class histogram ({@code jcmd GC.class_histogram}), per entry.
 * The request lines are in the heap before and after; their parsed requests are not kept.
 *
 * <p>Run: {@code bin/bench-stream --footprint [POLICY_DIR] [CACHE_SIZE]} (a JVM of its own, with the serial
 * collector); a cache size of 0 measures what the engine itself keeps per decision (it should be nothing).
 */
public final class CacheFootprint {
    private static final int ENTRIES = 100_000;

    private CacheFootprint() {}

    public static void main(String[] args) throws Exception {
        Path policy = Path.of(args.length > 0 ? args[0] : "policies/example");
        MayExec mx = MayExec.load(policy, args.length > 1 ? Long.parseLong(args[1]) : MayExec.DEFAULT_CACHE_SIZE);
        List<String> lines = RequestGenerator.distinct(ENTRIES, 12);
        for (String line : RequestGenerator.distinct(1_000, 99)) mx.decide(RequestJson.parse(line)); // warm: classes, pools
        long before = liveHeap();
        Map<String, long[]> histogramBefore = histogram();
        for (String line : lines) {
            mx.decide(RequestJson.parse(line));
            mx.decide(RequestJson.parse(line)); // asked again: kept
        }
        long after = liveHeap();
        Map<String, long[]> histogramAfter = histogram();
        System.out.printf("retained by %,d entries: %,d bytes, %d bytes per entry (cache stats: %s)%n", ENTRIES,
                after - before, (after - before) / ENTRIES, mx.cacheStats());
        System.out.printf("%14s %14s  %s%n", "instances/entry", "bytes/entry", "class");
        histogramAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {e.getValue()[0] - histogramBefore.getOrDefault(e.getKey(),
                        new long[2])[0], e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1]}))
                .filter(e -> e.getValue()[1] > ENTRIES)
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> System.out.printf("%14.2f %14.1f  %s%n", e.getValue()[0] / (double) ENTRIES,
                        e.getValue()[1] / (double) ENTRIES, e.getKey()));
        System.out.println("(kept: " + mx.policyHash().length() + lines.size() + ")"); // mx and its cache stay reachable
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Instances and bytes by class, from the DiagnosticCommand MBean (a full collection first). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.lines().toList()) {
            String[] c = line.trim().split("\\s+");
            if (c.length >= 4 && c[0].endsWith(":")) out.put(c[3], new long[] {Long.parseLong(c[1]), Long.parseLong(c[2])});
        }
        return out;
    }
}
