package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.review.Replay;
import dev.mayexec.review.ReplayReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec replay --policy NEW LOG…}: the logged decisions, decided again under NEW. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Decides logged requests again under a new policy and reports what would change.",
            "Decides every request of the daemon's decision logs again under the policy in --policy and reports",
            "what would change: allow -> deny and deny -> allow, grouped by the rule (or default) responsible in each",
            "policy, with a few example requests per group, and the rules of the new policy no request exercised. Logs",
            "are read as a stream (any size, `.gz` too, `-` for standard input); progress goes to a terminal's stderr."},
        footer = {"%nExample (a CI gate):%n  mayexec replay --policy policies/new /var/log/mayexec/decisions.log*",
            "%nExit codes: 0 nothing allowed would be denied (or --accept-denials), 4 something allowed would be denied,",
            "3 invalid policy, 2 usage (a log that cannot be read), 1 internal error."})
final class ReplayCommand implements Callable<Integer> {
    /** How often progress is shown on a terminal. */
    private static final long PROGRESS_NANOS = 500_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Parameters(paramLabel = "LOG", arity = "1..*", description = "Decision logs (JSON lines, as `serve --log FILE` writes).")
    List<String> logs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or markdown.")
    String format;

    @Option(names = "--accept-denials", description = "Exit 0 even when requests that were allowed would be denied.")
    boolean accept;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ReportFormat.valid("replay", format, List.of("text", "json", "markdown"), err)) return ExitCodes.USAGE;
        for (String log : logs) {
            if (!log.equals("-") && !Files.isReadable(Path.of(log))) {
                err.println("mayexec replay: cannot read log `" + log + "`");
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        Decider mx = policy.loadStored(err, Decider.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        Replay replay = new Replay(mx);
        boolean terminal = stderrIsTerminal();
        long lastShown = System.nanoTime();
        for (String log : logs) {
            try (BufferedReader in = open(log)) {
                long n = 0;
                for (String line; (line = in.readLine()) != null; ) {
                    replay.line(line, log + ":" + ++n);
                    if (terminal && (n & 0xfff) == 0 && System.nanoTime() - lastShown > PROGRESS_NANOS) {
                        err.printf("\rmayexec replay: %,d lines (%s)", replay.lines(), log);
                        err.flush();
                        lastShown = System.nanoTime();
                    }
                }
            }
        }
        if (terminal) {
            err.printf("\rmayexec replay: %,d lines, done%n", replay.lines());
            err.flush();
        }
        Replay.Report r = replay.report();
        switch (format) {
            case "json" -> out.println(ReplayReport.json(r));
            case "markdown" -> ReplayReport.markdown(r, out);
            default -> ReplayReport.text(r, out);
        }
        out.flush();
        return r.allowToDeny() > 0 && !accept ? ExitCodes.DENY : ExitCodes.OK;
    }

    /**
     * Whether standard error is a terminal: progress is for a person watching, even when the report
     * itself goes to a file ({@code System.console()} asks about standard input and output instead).
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static BufferedReader open(String log) throws IOException {
        InputStream in = log.equals("-") ? System.in : Files.newInputStream(Path.of(log));
        if (log.endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
