package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.launch.Launcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec run}: decide an invocation, prepare the process from the policy, exec the file judged. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Decides a program's invocation and, if allowed, runs the very file it judged.",
            "Before the exec it sets what the policy's `launch:` blocks demand (exec securebits, no_new_privs,",
            "the descriptors that pass), and the program gets the caller's environment, working directory,",
            "umask, signal mask, ignored signals and RLIMIT_NOFILE (docs/LAUNCH.md)."},
        footer = {"%nExamples:%n  mayexec run --policy /etc/mayexec/policy -- python3 /opt/app/main.py --port 8080",
            "  mayexec run --socket /run/mayexec.sock -- /opt/app/tool.sh",
            "%nExit codes: the program's own once it runs; 126 denied or not prepared (nothing ran),",
            "127 not found, 2 usage."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "DIR", description = "Decide with the policy in DIR.")
    Path policy;

    @Option(names = "--socket", paramLabel = "PATH", description = "Ask the daemon on PATH instead, sending it the open program.")
    Path socket;

    @Parameters(arity = "1..*", paramLabel = "ARGV", description = "The program and its arguments (after `--`).")
    List<String> argv;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if ((policy == null) == (socket == null)) {
            err.println("mayexec run: give exactly one of --policy DIR and --socket PATH");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (socket != null) return Launcher.run(socket, argv, err);
        PolicyOption option = new PolicyOption();
        option.dir = policy;
        Decider mx = option.loadStored(err, 0);
        if (mx == null) {
            err.println("mayexec run: the policy is invalid; nothing was run");
            err.flush();
            return Launcher.CANNOT_EXECUTE;
        }
        return Launcher.run(mx, argv, err);
    }
}
