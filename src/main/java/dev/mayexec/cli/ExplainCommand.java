package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.review.ExplainJson;
import dev.mayexec.review.ExplainText;
import dev.mayexec.review.Explainer;
import dev.mayexec.review.Explanation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec explain}: why each request got its decision, and for a deny, why not an allow. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains each decision: why, and for a deny, why not an allow.",
            "Explains the decision on each request: the facts used, every rule that matched (with its place),",
            "the obligations of the securebits and the `kernel:` block, the default if it applied, and how deny-overrides",
            "combined them. For a deny: the allow rules for that channel that came closest, each condition that failed",
            "and the value the request had. Requests as `decide` reads them: arguments, or one per line from --request",
            "(default: standard input). The decision is the engine's, exactly as `decide` gives it."},
        // each example line shorter than the help's width: picocli would wrap a JSON string inside it
        footer = {"%nExample:",
            "  mayexec explain --policy policies/example \\",
            "    '{\"channel\":\"file\",\"process\":{\"user\":\"alice\"},\"file\":{\"path\":\"/tmp/x\"}}'",
            "%nExit codes: 0 all allowed, 4 any denied, 3 invalid policy, 2 usage (a request that cannot be read), 1 internal error."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Mixin
    RequestSource source;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for people) or json (one object per line, for tools).")
    String format;

    @Option(names = "--live", description = "Collect the facts a request does not give from this machine, as `decide --live`.")
    boolean live;


    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ReportFormat.valid("explain", format, List.of("text", "json"), err)) return ExitCodes.USAGE;
        Decider mx = policy.loadStored(err, 0);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        LiveFacts facts = live ? LiveFacts.system() : null;
        int code;
        try (InputStream in = source.open("explain", err)) {
            if (in == null) return ExitCodes.USAGE;
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            code = explainAll(lines.lines().iterator(), new Explainer(mx), facts, out, err); // a line at a time
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Explains each request; the exit code: 2 if one could not be read, else 4 if one was denied, else 0. */
    private int explainAll(java.util.Iterator<String> lines, Explainer explainer, LiveFacts facts, PrintWriter out,
            PrintWriter err) {
        boolean denied = false;
        boolean invalid = false;
        for (int n = 1; lines.hasNext(); n++) {
            String line = lines.next();
            if (line.isBlank()) continue;
            Request r;
            try {
                r = RequestJson.parse(line);
            } catch (RequestException e) {
                err.println("mayexec explain: request " + n + ": " + e.getMessage());
                invalid = true;
                continue;
            }
            Explanation e = facts == null ? explainer.explain(r) : explainer.explain(r, facts);
            denied |= e.decision().denied();
            if (format.equals("json")) {
                out.println(ExplainJson.tree(e));
            } else {
                out.printf("request %d%n", n);
                ExplainText.write(e, out, "  ");
                out.println();
            }
        }
        return invalid ? ExitCodes.USAGE : denied ? ExitCodes.DENY : ExitCodes.OK;
    }
}
