package dev.mayexec.cli;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.diag.Severity;
import dev.mayexec.lint.LintChecks;
import dev.mayexec.lint.LintOptions;
import dev.mayexec.lint.Linter;
import dev.mayexec.lint.render.JsonRenderer;
import dev.mayexec.lint.render.SarifRenderer;
import dev.mayexec.lint.render.TextRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec lint}: what is wrong or dangerous in a policy, as text, JSON or SARIF. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Checks a policy for rules that never take effect, overlap or repeat, conditions that can "
                + "never hold, and allows that are dangerous. Each finding has an example request.",
            "The checks and their ids are listed in docs/LINT.md."},
        footer = {"%nExample:%n  mayexec lint --policy policies/example --format sarif --out lint.sarif",
            "%nExit codes: 0 clean, 3 errors (or warnings, with --strict), 2 usage, 1 internal error."})
final class LintCommand implements Callable<Integer> {
    enum Format { text, json, sarif }

    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or sarif (2.1.0).")
    Format format = Format.text;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path out;

    @Option(names = "--strict", description = "Fail (exit 3) on warnings too.")
    boolean strict;

    @Option(names = "--rule", paramLabel = "ID=LEVEL", description = "Override a check's severity: off, info, warning or "
            + "error (repeatable), as in --rule overlap=off.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--host", paramLabel = "ROOT", arity = "0..1", fallbackValue = "/",
            description = "Also check against a host: its users, groups, services, executables and writable paths, "
                    + "read below ROOT (default /; give a mounted image of the target to lint for it).")
    Path host;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        LintOptions options;
        try {
            options = new LintOptions(LintOptions.parseRules(rules, LintChecks.ALL), host);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        List<Diagnostic> diagnostics;
        try {
            diagnostics = Pipeline.lint(policy.dir, Linter.standard(options)).diagnostics();
        } catch (PolicyException e) {
            diagnostics = e.diagnostics();
        } catch (IOException e) {
            return usage(err, "cannot read the host: " + e.getMessage());
        }
        try (PrintWriter report = out == null ? spec.commandLine().getOut()
                : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            switch (format) {
                case text -> {
                    java.io.StringWriter text = new java.io.StringWriter();
                    TextRenderer.render(new PrintWriter(text), policy.dir, diagnostics);
                    report.print(Colours.paint(text.toString(), out == null && Colours.enabled()));
                }
                case json -> JsonRenderer.render(report, policy.dir, diagnostics);
                case sarif -> SarifRenderer.render(report, policy.dir, diagnostics, LintChecks.ALL,
                        spec.root().version()[0].replaceFirst("^mayexec ", ""));
            }
            report.flush();
            if (out != null) spec.commandLine().getOut().flush();
        }
        err.println("mayexec lint: " + TextRenderer.summary(diagnostics) + " in " + policy.dir);
        err.flush();
        boolean failed = diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR
                || (strict && d.severity() == Severity.WARNING));
        return failed ? ExitCodes.INVALID_POLICY : ExitCodes.OK;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("mayexec lint: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
