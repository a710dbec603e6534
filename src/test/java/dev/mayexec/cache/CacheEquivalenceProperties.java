package dev.mayexec.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The cache never changes an answer. One long-lived {@link MayExec} with its cache answers random
 * sequences of requests, interleaved with changes to the files asked about and with reloads that
 * swap between three real policies; every answer must equal that of an uncached engine for the policy
 * in force. The cache persists across sequences, so entries made under one policy and one version of
 * a file are there to be (wrongly) hit under another.
 */
class CacheEquivalenceProperties {
    private static final List<Path> VARIANTS = List.of(Path.of("policies", "example"), Path.of("policies", "kernel-default"),
            Path.of("src", "test", "resources", "policies", "cache-variant"));
    private static final List<RuleEngine> REFERENCE = VARIANTS.stream().map(CacheEquivalenceProperties::engine).toList();
    private static final Path LIVE = tempDir();
    private static final MayExec CACHED;
    private static int current;
    private static long compared;
    private static long reloads;

    static {
        copy(VARIANTS.getFirst(), LIVE);
        try {
            CACHED = MayExec.load(LIVE, 10_000);
        } catch (PolicyException e) {
            throw new AssertionError(e.diagnostics().toString(), e);
        }
    }

    /** One step of a sequence: ask, change a file, or reload another policy. */
    sealed interface Step {}

    record Ask(Channel channel, int file, int uid, String user, String service, String exe, Set<Securebit> bits,
            String kernelCheck) implements Step {}

    record ChangeFile(int file, int mode, int owner, boolean othersCanWrite, boolean noexec) implements Step {}

    record Reload(int variant) implements Step {}

    /** The files asked about; a change gives a file a new mtime and ctime, as a real change would. */
    private static final class Files3 {
        final String[] paths = {"/tmp/x.py", "/usr/lib/python3/m.py", "/home/alice/bin/t.sh"};
        final int[] mode = {0755, 0644, 0700};
        final int[] owner = {1000, 0, 1000};
        final boolean[] others = {false, false, false};
        final boolean[] noexec = {false, false, false};
        final long[] mtime = {1, 1, 1};

        FileInfo info(int i, String kernelCheck) {
            return new FileInfo(paths[i], FileType.REGULAR, mode[i], owner[i], owner[i], 2049L, 100L + i, 10L, mtime[i],
                    mtime[i], new MountInfo("/", "ext4", noexec[i], false, false), others[i], null, null, null, kernelCheck);
        }
    }

    @Property(tries = 1000)
    void cachedAnswers_equalUncachedAnswers(@ForAll("sequences") List<Step> steps) throws PolicyException {
        Files3 files = new Files3();
        for (Step step : steps) {
            switch (step) {
                case Ask a -> {
                    ProcessInfo p = new ProcessInfo(null, a.uid(), a.uid(), List.of(a.uid()), a.user(), a.service(), a.exe(),
                            null, null, a.bits(), null, null, null, null);
                    Request r = Request.of(a.channel(), p, a.channel().isFileless() ? null : files.info(a.file(), a.kernelCheck()));
                    Decision cached = CACHED.decide(r);
                    Decision fresh = REFERENCE.get(current).decide(r);
                    assertEquals(fresh, cached.withCached(false), "request " + r);
                    compared++;
                }
                case ChangeFile c -> {
                    files.mode[c.file()] = c.mode();
                    files.owner[c.file()] = c.owner();
                    files.others[c.file()] = c.othersCanWrite();
                    files.noexec[c.file()] = c.noexec();
                    files.mtime[c.file()]++;
                }
                case Reload r -> {
                    if (r.variant() != current) {
                        copy(VARIANTS.get(r.variant()), LIVE);
                        CACHED.reload();
                        current = r.variant();
                        reloads++;
                    }
                }
            }
        }
    }

    @AfterContainer
    static void theCacheWasExercised() {
        System.out.printf("cache property: %d answers compared, %d reloads, cache %s%n", compared, reloads, CACHED.cacheStats());
        assertTrue(CACHED.cacheStats().orElseThrow().hits() > 1000, "the sequences hit the cache: " + CACHED.cacheStats());
        assertTrue(reloads > 10, "the sequences reloaded the policy: " + reloads);
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        Arbitrary<Step> ask = Combinators.combine(
                        Arbitraries.of(Channel.class),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(0, 1000, 1001),
                        Arbitraries.of("alice", "bob", "www-data"),
                        Arbitraries.of("nginx.service", "cron.service", "sshd.service"),
                        Arbitraries.of("/usr/bin/python3.11", "/usr/bin/dash", "/usr/bin/perl"),
                        Arbitraries.subsetOf(Securebit.EXEC_RESTRICT_FILE, Securebit.EXEC_DENY_INTERACTIVE),
                        Arbitraries.of("allow", "EACCES").injectNull(0.6))
                .as(Ask::new);
        Arbitrary<Step> change = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(0755, 0644, 0700, 0600, 0711),
                        Arbitraries.of(0, 1000),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(ChangeFile::new);
        Arbitrary<Step> reload = Arbitraries.integers().between(0, VARIANTS.size() - 1).map(Reload::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(40, ask),
                        net.jqwik.api.Tuple.of(6, change),
                        net.jqwik.api.Tuple.of(1, reload))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    private static RuleEngine engine(Path dir) {
        try {
            return dev.mayexec.pipeline.Pipeline.run(dir).engine();
        } catch (PolicyException e) {
            throw new AssertionError(e.diagnostics().toString(), e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mayexec-cache-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the contents of {@code to} with those of {@code from}. */
    private static void copy(Path from, Path to) {
        try {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(to)) Files.delete(p);
                }
            }
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : new ArrayList<>(s.toList())) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
