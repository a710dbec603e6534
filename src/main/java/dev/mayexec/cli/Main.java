package dev.mayexec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mayexec}: a thin command line over the library. */
@Command(
        name = "mayexec",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Decides whether a process may run code through a channel, from a YAML policy compiled into Drools rules.",
        subcommands = {DecideCommand.class, ClassifyCommand.class, CompileCommand.class, LintCommand.class,
            TestCommand.class, ExplainCommand.class, DiffCommand.class, ReplayCommand.class, DemoCommand.class,
            RunCommand.class, ServeCommand.class, DaemonCommands.Reload.class, DaemonCommands.Status.class,
            ImportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:allowed, or done",
            "1:internal error",
            "2:usage error",
            "3:invalid policy",
            "4:denied (at least one enforced deny)",
            "5:policy tests failed",
            "6:diff: not decided everywhere (the analysis gave up)",
            "7:import incomplete (a deny could not be carried over whole)"
        })
public final class Main {

    /** {@code mayexec --version}: the version, the commit and the build time, and the JVM it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mayexec " + dev.mayexec.BuildInfo.current(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it with their own writers. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // `mayexec run --policy P python3 -c code`: the program's options are its own, `--` or not
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("mayexec: internal error: " + e);
            cmd.getErr().println("please report this with the command and its input");
            cmd.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        return cl;
    }
}
