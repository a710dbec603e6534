package dev.mayexec.cli;

import dev.mayexec.MayExec;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.fapolicyd.FaVersion;
import dev.mayexec.fapolicyd.FapolicydImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec import}: policies of other systems, made into mayexec policies. */
@Command(name = "import", mixinStandardHelpOptions = true, subcommands = ImportCommand.Fapolicyd.class,
        description = "Makes a mayexec policy from another system's rules (see docs/FAPOLICYD.md).")
final class ImportCommand {

    /** {@code mayexec import fapolicyd RULES --out DIR}. */
    @Command(name = "fapolicyd", mixinStandardHelpOptions = true,
            description = {"Imports fapolicyd rules (a rules.d directory, or a compiled rules file) into a mayexec policy "
                    + "directory, with a report (import-report.txt and .json) that marks every rule exact, approximate or dropped.",
                "Exits 7 when a deny could not be carried over whole (the policy is written, and allows more there)."})
    static final class Fapolicyd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RULES", description = "fapolicyd's rules.d directory, or one rules file.")
        Path rules;

        @Option(names = "--version", paramLabel = "VERSION", defaultValue = "1.1.7",
                description = "The fapolicyd whose quirks to keep: 1.1.7 (Debian 12) or current (1.4.4 and later). Default: ${DEFAULT-VALUE}.")
        String version;

        @Option(names = "--trust", paramLabel = "FILE_OR_DIR",
                description = "fapolicyd's trust file or trust.d directory (repeatable); without it, trust=1 is taken as package-trusted.")
        List<Path> trust = new ArrayList<>();

        @Option(names = "--out", paramLabel = "POLICY_DIR", required = true,
                description = "The directory to write policy.yaml and the report into (made if absent).")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            FaVersion v = FaVersion.of(version);
            if (v == null) {
                err.println("mayexec import fapolicyd: unknown version `" + version + "`: write `1.1.7` or `current`");
                err.flush();
                return ExitCodes.USAGE;
            }
            if (!Files.exists(rules)) {
                err.println("mayexec import fapolicyd: `" + rules + "` does not exist: give fapolicyd's rules.d directory or a rules file");
                err.flush();
                return ExitCodes.USAGE;
            }
            String foreign = foreignFile(out);
            if (foreign != null) {
                err.println("mayexec import fapolicyd: `" + out + "` holds `" + foreign + "`, which the import would not write: "
                        + "give a new or empty directory");
                err.flush();
                return ExitCodes.USAGE;
            }
            FapolicydImport.Result r = FapolicydImport.run(rules, new FapolicydImport.Options(v, trust));
            Path base = Files.isDirectory(rules) ? rules : rules.toAbsolutePath().getParent();
            if (!r.ok()) {
                DiagnosticPrinter.print(err, base, r.diagnostics());
                return ExitCodes.INVALID_POLICY;
            }
            if (!r.diagnostics().isEmpty()) DiagnosticPrinter.print(err, base, r.diagnostics());
            FapolicydImport.write(r, out);
            try {
                MayExec.load(out, 0); // the written policy must load: anything else is the importer's bug
            } catch (PolicyException e) {
                err.println("mayexec import fapolicyd: internal error: the written policy does not load: " + e.getMessage());
                err.flush();
                return ExitCodes.INTERNAL;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.print(r.reportText());
            o.flush();
            err.println("wrote " + out.resolve("policy.yaml") + " and the report " + out.resolve("import-report.txt")
                    + (r.complete() ? "" : "; INCOMPLETE: a deny was not carried over whole (see the report)"));
            err.flush();
            return r.complete() ? ExitCodes.OK : ExitCodes.IMPORT_INCOMPLETE;
        }

        private static String foreignFile(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) return Files.exists(dir) ? dir.toString() : null;
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> !FapolicydImport.OUTPUT_FILES.contains(n))
                        .sorted().findFirst().orElse(null);
            }
        }
    }
}
