package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.compile.DrlCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec compile}: prints the DRL a policy compiles to (the base rules, then the generated ones). */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Prints the Drools rules (DRL) the policy compiles to: the base rules, then the generated rules.")
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the DRL to FILE instead of standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Decider mx = policy.load(err, 0);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        String drl = "// ---- rules/base.drl ----\n" + DrlCompiler.baseRules()
                + "\n// ---- generated ----\n" + mx.engine().compiled().drl();
        if (out == null) {
            spec.commandLine().getOut().print(drl);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, drl, StandardCharsets.UTF_8);
        }
        return ExitCodes.OK;
    }
}
