package dev.mayexec.cli;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.json.DecisionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec decide}: JSON requests in, one per line; JSON decisions out, one per line, in order. */
@Command(name = "decide", mixinStandardHelpOptions = true,
        description = {"Decides requests: one JSON request per line in, one JSON decision per line out, in order.",
            "Given REQUESTs as arguments (one JSON request each), decides them and reads nothing.",
            "A line ends at a newline only (a CR just before it is dropped; any other CR is part of the line).",
            "A line that is not a valid request (not JSON, not UTF-8, a key given twice, longer than 65536 bytes)",
            "gets a deny decision that says what is wrong; a blank line (only whitespace) gets no answer, as in the daemon."},
        // each example line shorter than the help's width: picocli would wrap a JSON string inside it
        footer = {"%nExamples:",
            "  echo '{\"channel\":\"inline\"}' | mayexec decide --policy policies/example",
            "  mayexec decide --policy policies/kernel-default \\",
            "      '{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}'",
            "%nExit codes: 0 all allowed, 4 any denied, 3 invalid policy, 2 usage, 1 internal error."})
final class DecideCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Mixin
    RequestSource source;

    @Option(names = "--no-cache", description = "Decide every request afresh (the answers are the same).")
    boolean noCache;

    @Option(names = "--live", description = {"Collect the facts a request does not give from this machine: the process"
            + " from `pid`, the file from `path` (/proc, stat, mountinfo, and the kernel's AT_EXECVE_CHECK)."})
    boolean live;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Decider mx = policy.loadStored(err, noCache ? 0 : Decider.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        LiveFacts facts = live ? LiveFacts.system() : null;
        boolean anyDenied = false;
        try (InputStream in = source.open("decide", err)) {
            if (in == null) return ExitCodes.USAGE;
            DecisionJson.Lines answers = DecisionJson.lines(out);
            try (ParsedLines requests = ParsedLines.start(in)) {
                for (ParsedLines.Batch batch = null; batch == null || !batch.last(); ) {
                    batch = requests.take();
                    for (ParsedLines.Item item : batch.items()) {
                        Decision d = switch (item) {
                            case ParsedLines.Item.Parsed p -> facts == null ? mx.decide(p.request())
                                    : mx.decide(p.request(), facts);
                            case ParsedLines.Item.Invalid x -> invalid(mx, x.line(), x.why());
                        };
                        anyDenied |= d.denied();
                        answers.write(d);
                    }
                    if (batch.waits()) answers.flush();
                }
            }
        }
        return anyDenied ? ExitCodes.DENY : ExitCodes.OK;
    }

    private static Decision invalid(Decider mx, int n, String why) {
        return new Decision(Decision.Outcome.DENY, true, null,
                List.of(new Reason("request.invalid", null, null, "line " + n + ": " + why)), mx.policyHash(), false);
    }
}
