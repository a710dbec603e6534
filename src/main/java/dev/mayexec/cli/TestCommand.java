package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.lint.render.SourceText;
import dev.mayexec.lint.render.TextRenderer;
import dev.mayexec.load.TestFileLoader;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.testing.PolicyTest;
import dev.mayexec.testing.TestReports;
import dev.mayexec.testing.TestRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mayexec test}: runs policy tests (YAML requests with the decisions they must get), with rule coverage. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs policy tests: YAML files of requests, each with the decision it must get and, optionally, "
                + "a rule or reason code that must be among the decision's reasons. Reports the rules no test exercised.",
            "A directory stands for the .yaml files in it."},
        footer = {"%nExamples:",
            "  mayexec test --policy policies/example policies/example-tests/",
            "  mayexec test --format junit --policy policies/example policies/example-tests/ > policy-tests.xml",
            "%nExit codes: 0 all passed, 5 a test failed or a test file is invalid, 3 invalid policy, 2 usage."})
final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Parameters(paramLabel = "TESTS", arity = "1..*", description = "Test files, or directories of them.")
    List<Path> paths;

    enum Format { text, json, junit }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (for people, the default), json, or junit"
            + " (JUnit XML, which CI servers read) on standard output.")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Decider mx = policy.loadStored(err, 0);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                err.println("mayexec test: no test file or directory `" + p + "`");
                err.flush();
                return ExitCodes.USAGE;
            }
        }
        List<String> ids = mx.engine().compiled().policy().files().stream().map(ScopeFile::rules).flatMap(List::stream)
                .map(Rule::id).toList();
        Diagnostics problems = new Diagnostics();
        TestFileLoader loader = new TestFileLoader(problems, ids);
        List<PolicyTest> tests = new ArrayList<>();
        files.forEach(f -> tests.addAll(loader.load(f, f.toString())));
        TestRunner.Report report = TestRunner.run(mx, tests);
        switch (format) {
            case text -> {
                java.io.StringWriter text = new java.io.StringWriter();
                report.print(new PrintWriter(text));
                out.print(Colours.paint(text.toString(), Colours.enabled()));
                out.flush();
            }
            case json -> TestReports.json(report, out);
            case junit -> TestReports.junit(report, out);
        }
        if (problems.hasErrors()) {
            TextRenderer.render(err, SourceText.of(loader.texts()), problems.sorted());
            err.println("mayexec test: the test files have errors; the tests with errors did not run");
            err.flush();
        }
        return report.failed() > 0 || problems.hasErrors() || tests.isEmpty() ? ExitCodes.TESTS_FAILED : ExitCodes.OK;
    }
}
