package dev.mayexec.cli;

import dev.mayexec.MayExec;
import dev.mayexec.diag.PolicyException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --policy DIR} option shared by the commands, and loading with printed diagnostics. */
final class PolicyOption {
    @Option(names = "--policy", paramLabel = "DIR", required = true, description = "The policy directory (holds policy.yaml).")
    Path dir;

    /** Loads the policy, or prints why not and returns {@code null}. */
    MayExec load(PrintWriter err, long cacheSize) {
        try {
            return MayExec.load(dir, cacheSize);
        } catch (PolicyException e) {
            DiagnosticPrinter.print(err, dir, e.diagnostics());
            return null;
        }
    }
}
