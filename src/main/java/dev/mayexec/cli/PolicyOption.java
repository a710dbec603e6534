package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleBases;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --policy DIR} option shared by the commands, and loading with printed diagnostics. */
final class PolicyOption {
    @Option(names = "--policy", paramLabel = "DIR", required = true, description = "The policy directory (holds policy.yaml).")
    Path dir;

    /** Loads the policy, or prints why not and returns {@code null}. */
    Decider load(PrintWriter err, long cacheSize) {
        return load(err, () -> Decider.load(dir, cacheSize));
    }

    /**
     * Loads the policy for a one-off command or a stream of requests parsed from JSON: its rule base
     * from the user's store of compiled policies when it may, and no cache level keyed by requests
     * as given (every request is a new object: hashing it costs more than it saves). Or prints why
     * not and returns {@code null}.
     */
    Decider loadStored(PrintWriter err, long cacheSize) {
        return load(err, () -> Decider.load(dir, new Decider.Caching(cacheSize, false, RuleBases.user().orElse(null))));
    }

    private Decider load(PrintWriter err, Loader loader) {
        try {
            return loader.load();
        } catch (PolicyException e) {
            DiagnosticPrinter.print(err, dir, e.diagnostics());
            return null;
        }
    }

    @FunctionalInterface
    private interface Loader {
        Decider load() throws PolicyException;
    }
}
