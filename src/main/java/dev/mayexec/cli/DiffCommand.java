package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.review.DiffReport;
import dev.mayexec.review.PolicyDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec diff OLD NEW}: what a policy change does to decisions, decided exactly. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Shows what a policy change does to decisions, decided exactly.",
            "Shows the semantic difference of two policies: for each channel, the requests newly allowed and",
            "newly denied, each region described by the rules (or defaults) that decide it in each policy, with a minimal",
            "example request that both engines decide, differently. A pure refactor (rules reordered, sets renamed, a rule",
            "split in two) shows `no change in any decision`. Where the analysis gives up, it says so."},
        footer = {"%nExample:%n  mayexec diff policies/example /tmp/example-changed --format markdown > comment.md",
            "%nExit codes: 0 decided (with or without changes), 6 not decided everywhere, 3 invalid policy, 2 usage,"
                    + " 1 internal error."})
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The policy directory in force.")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The changed policy directory.")
    Path newer;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or markdown.")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ReportFormat.valid("diff", format, List.of("text", "json", "markdown"), err)) return ExitCodes.USAGE;
        Decider o = load(older, err);
        Decider n = o == null ? null : load(newer, err);
        if (n == null) return ExitCodes.INVALID_POLICY;
        PolicyDiff.Result r = PolicyDiff.diff(o, n);
        switch (format) {
            case "json" -> out.println(DiffReport.json(r));
            case "markdown" -> DiffReport.markdown(r, older.toString(), newer.toString(), out);
            default -> DiffReport.text(r, older.toString(), newer.toString(), out);
        }
        out.flush();
        return r.undecided().isEmpty() ? ExitCodes.OK : ExitCodes.UNDECIDED;
    }

    private static Decider load(Path dir, PrintWriter err) {
        PolicyOption p = new PolicyOption();
        p.dir = dir;
        return p.loadStored(err, 0);
    }
}
