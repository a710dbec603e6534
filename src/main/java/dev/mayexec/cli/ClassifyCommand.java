package dev.mayexec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.load.PolicyLoader;
import dev.mayexec.profile.Classification;
import dev.mayexec.profile.Classifier;
import dev.mayexec.profile.Disk;
import dev.mayexec.profile.Invocation;
import dev.mayexec.profile.Part;
import dev.mayexec.profile.Profiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec classify}: the requests an invocation amounts to, one JSON request per line. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Prints the requests an invocation amounts to, one JSON request per line (the request format of"
                + " `decide`), as the interpreter's profile reads its argv, environment and standard input.",
            "Put `--` before the invocation, so that its options are not taken for these."},
        footer = {"%nExamples:%n  mayexec classify -- python3 -W ignore -m http.server",
            "  mayexec classify --stdin pipe -- sh -s",
            "  mayexec classify --env PERL5OPT=-Mstrict -- perl script.pl",
            "%nExit codes: 0 classified, 4 cannot be classified (decide denies such an invocation), 3 invalid policy,"
                    + " 2 usage."})
final class ClassifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "DIR",
            description = "Use this policy's own interpreter profiles first (default: only the shipped ones).")
    Path policy;

    @Option(names = "--profile", paramLabel = "NAME", description = "Read ARGV with this profile, whatever argv[0] is.")
    String profile;

    @Option(names = "--stdin", paramLabel = "tty|pipe|file[:PATH]",
            description = "What standard input is (default: unknown); `file:PATH` names the file.")
    String stdin;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable of the invocation (repeat it).")
    List<String> env = List.of();

    @Option(names = "--cwd", paramLabel = "DIR", description = "The working directory (default: this one).")
    Path cwd;

    @Option(names = "--explain", description = "Print a line per request for people, with the word it comes from.")
    boolean explain;

    @Parameters(paramLabel = "ARGV", arity = "1..*", description = "The invocation, argv[0] first.")
    List<String> argv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Profiles profiles = profiles(err);
        if (profiles == null) return ExitCodes.INVALID_POLICY;
        Map<String, String> environment = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq <= 0) return usage(err, "--env `" + e + "` is not NAME=VALUE");
            environment.put(e.substring(0, eq), e.substring(eq + 1));
        }
        Boolean tty = null;
        String stdinPath = null;
        String dir = (cwd != null ? cwd : Path.of("")).toAbsolutePath().normalize().toString();
        if (stdin != null) {
            if (stdin.equals("tty")) {
                tty = true;
            } else if (stdin.equals("pipe") || stdin.equals("file")) {
                tty = false;
            } else if (stdin.startsWith("file:") && stdin.length() > 5) {
                tty = false;
                stdinPath = Path.of(dir).resolve(stdin.substring(5)).normalize().toString();
            } else {
                return usage(err, "--stdin `" + stdin + "` is not one of tty, pipe, file, file:PATH");
            }
        }
        Invocation inv = new Invocation(argv, environment, dir, tty, stdinPath, null, profile);
        switch (new Classifier(profiles, Disk.system()).classify(inv)) {
            case Classification.Refused r -> {
                err.println("mayexec classify: " + r.code() + ": " + r.message());
                err.flush();
                return ExitCodes.DENY;
            }
            case Classification.Parts c -> {
                for (Part p : c.parts()) out.println(explain ? explain(p) : request(c, p, stdin));
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    private Profiles profiles(PrintWriter err) {
        if (policy == null) {
            Diagnostics d = new Diagnostics();
            return Profiles.of(List.of(), new PolicyLoader(d).shipped());
        }
        try {
            return Profiles.of(Pipeline.runUpTo(policy, Pipeline.Stage.CHECK).policy());
        } catch (PolicyException e) {
            DiagnosticPrinter.print(err, policy, e.diagnostics());
            return null;
        }
    }

    /** A request as `decide` reads it: the channel, the interpreter, and the file (for stdin, what fd 0 is). */
    private static String request(Classification.Parts c, Part p, String stdin) {
        ObjectNode o = JSON.createObjectNode();
        o.put("channel", p.channel().id());
        ObjectNode process = o.putObject("process");
        if (c.exe() != null) process.put("exe", c.exe());
        else if (c.profile() != null) process.put("interpreter", c.profile());
        if (p.channel() == Channel.INTERACTIVE) process.put("stdin_tty", true);
        if (p.channel() == Channel.STDIN && stdin != null) {
            ObjectNode f = o.putObject("file").put("type", stdin.equals("pipe") ? "fifo" : "regular");
            if (p.path() != null) f.put("path", p.path());
        } else if (p.path() != null) {
            o.putObject("file").put("path", p.path());
        }
        return o.toString();
    }

    private static String explain(Part p) {
        String what = p.path() != null ? p.path() : p.name() != null ? p.name() : "";
        return String.format("%-12s %-40s %s", p.channel().id(), what, p.via());
    }

    private int usage(PrintWriter err, String message) {
        err.println("mayexec classify: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
