package dev.mayexec;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleBases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Shared helpers: the shipped policies, built once per test JVM, and policies written to temp dirs. */
public final class TestPolicies {
    private static final Map<String, Decider> SHIPPED = new ConcurrentHashMap<>();

    /** All eight channels with the same default, as a YAML flow map. */
    public static final String ALL_ALLOW = "{file: allow, module: allow, library: allow, config: allow, stdin: allow,"
            + " inline: allow, interactive: allow, environment: allow}";

    private TestPolicies() {}

    /** A shipped policy under {@code policies/}, without a cache, built once. */
    public static Decider shipped(String name) {
        return SHIPPED.computeIfAbsent(name, n -> {
            try {
                return Decider.load(Path.of("policies", n), 0);
            } catch (PolicyException e) {
                throw new AssertionError("shipped policy " + n + " does not load: " + e.diagnostics(), e);
            }
        });
    }

    /**
     * A shipped policy under {@code policies/} whose rule base was loaded from a {@link RuleBases}
     * store (compiled into a new store once, then read back), built once: the path a one-off command
     * takes, for tests that must hold on both.
     */
    public static Decider shippedFromStore(String name) {
        return SHIPPED.computeIfAbsent(name + " from a store", n -> {
            try {
                RuleBases store = RuleBases.in(Files.createTempDirectory("mayexec-store"));
                Decider.load(Path.of("policies", name), new Decider.Caching(0, false, store));
                Decider loaded = Decider.load(Path.of("policies", name), new Decider.Caching(0, false, store));
                if (!loaded.engine().loaded()) throw new AssertionError(name + ": the store was not read");
                return loaded;
            } catch (PolicyException e) {
                throw new AssertionError("shipped policy " + name + " does not load: " + e.diagnostics(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Writes {@code files} (relative path to text) into a new directory under {@code parent}. */
    public static Path write(Path parent, Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory(parent, "policy");
            for (var e : files.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
