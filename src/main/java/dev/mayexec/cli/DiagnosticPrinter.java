package dev.mayexec.cli;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.render.SourceText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints diagnostics for people: the place, severity, code and message, then the source line with
 * a caret under the column, then the help.
 */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {}

    static void print(PrintWriter err, Path policyDir, List<Diagnostic> diagnostics) {
        SourceText src = new SourceText(policyDir);
        for (Diagnostic d : diagnostics) {
            String file = d.span().file().equals(".") ? policyDir.toString() : policyDir.resolve(d.span().file()).toString();
            String where = d.span().line() == 0 ? file : file + ":" + d.span().line() + ":" + d.span().col();
            err.println(where + ": " + d.severity().label() + "[" + d.code() + "]: " + d.message());
            src.line(d.span()).ifPresent(line -> {
                err.println("    | " + line);
                err.println("    | " + " ".repeat(Math.max(0, d.span().col() - 1)) + "^");
            });
            if (d.help() != null && !d.help().isEmpty()) {
                err.println("    = help: " + d.help());
            }
        }
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        err.println(errors + " error" + (errors == 1 ? "" : "s") + " in " + policyDir);
        err.flush();
    }
}
