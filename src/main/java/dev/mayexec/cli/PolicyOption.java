package dev.mayexec.cli;

import dev.mayexec.MayExec;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleBases;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --policy DIR} option shared by the commands, and loading with printed diagnostics. */
final class PolicyOption {
    @Option(names = "--policy", paramLabel = "DIR", required = true, description = "The policy directory (holds policy.yaml).")
    Path dir;

    /** Loads the policy, or prints why not and returns {@code null}. */
    MayExec load(PrintWriter err, long cacheSize) {
        return load(err, () -> MayExec.load(dir, cacheSize));
    }

    /**
     * Loads the policy, its rule base from the user's store of compiled policies when it may (a
     * one-off command), or prints why not and returns {@code null}.
     */
    MayExec loadStored(PrintWriter err, long cacheSize) {
        Optional<RuleBases> store = RuleBases.user();
        return load(err, () -> store.isEmpty() ? MayExec.load(dir, cacheSize) : MayExec.load(dir, cacheSize, store.get()));
    }

    private MayExec load(PrintWriter err, Loader loader) {
        try {
            return loader.load();
        } catch (PolicyException e) {
            DiagnosticPrinter.print(err, dir, e.diagnostics());
            return null;
        }
    }

    @FunctionalInterface
    private interface Loader {
        MayExec load() throws PolicyException;
    }
}
