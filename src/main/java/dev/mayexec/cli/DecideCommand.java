package dev.mayexec.cli;

import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.Reason;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.facts.Request;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec decide}: JSON requests in, one per line; JSON decisions out, one per line, in order. */
@Command(name = "decide", mixinStandardHelpOptions = true,
        description = {"Reads one JSON request per line and prints one JSON decision per line, in order.",
            "A line that is not a valid request gets a deny decision that says what is wrong."},
        footer = {"%nExample:%n  echo '{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}' \\",
            "    | mayexec decide --policy policies/kernel-default",
            "%nExit codes: 0 all allowed, 4 any denied, 3 invalid policy, 2 usage, 1 internal error."})
final class DecideCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Option(names = "--request", paramLabel = "FILE", description = "Read requests from FILE (default, or `-`: standard input).")
    String requestFile;

    @Option(names = "--no-cache", description = "Decide every request afresh (the answers are the same).")
    boolean noCache;

    @Option(names = "--live", description = {"Collect the facts a request does not give from this machine: the process"
            + " from `pid`, the file from `path` (/proc, stat, mountinfo, and the kernel's AT_EXECVE_CHECK)."})
    boolean live;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MayExec mx = policy.load(err, noCache ? 0 : MayExec.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        LiveFacts facts = live ? LiveFacts.system() : null;
        boolean anyDenied = false;
        try (BufferedReader in = open(err)) {
            if (in == null) return ExitCodes.USAGE;
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                Decision d = decide(mx, facts, line, n);
                anyDenied |= d.denied();
                out.println(DecisionJson.write(d));
                out.flush();
            }
        }
        return anyDenied ? ExitCodes.DENY : ExitCodes.OK;
    }

    private static Decision decide(MayExec mx, LiveFacts facts, String line, int n) {
        try {
            Request r = RequestJson.parse(line);
            return facts == null ? mx.decide(r) : mx.decide(r, facts);
        } catch (RequestException e) {
            return new Decision(Decision.Outcome.DENY, true, null,
                    List.of(new Reason("request.invalid", null, null, "line " + n + ": " + e.getMessage())),
                    mx.policyHash(), false);
        }
    }

    private BufferedReader open(PrintWriter err) throws IOException {
        if (requestFile == null || requestFile.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path p = Path.of(requestFile);
        if (!Files.isReadable(p)) {
            err.println("mayexec decide: cannot read request file `" + requestFile + "`");
            err.flush();
            return null;
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }
}
