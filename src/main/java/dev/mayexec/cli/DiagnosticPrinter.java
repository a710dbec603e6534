package dev.mayexec.cli;

import dev.mayexec.diag.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints diagnostics for people: the place, severity, code and message, then the source line with
 * a caret under the column, then the help.
 */
final class DiagnosticPrinter {
    private DiagnosticPrinter() {}

    static void print(PrintWriter err, Path policyDir, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            String file = d.span().file().equals(".") ? policyDir.toString() : policyDir.resolve(d.span().file()).toString();
            String where = d.span().line() == 0 ? file : file + ":" + d.span().line() + ":" + d.span().col();
            err.println(where + ": " + d.severity().label() + "[" + d.code() + "]: " + d.message());
            sourceLine(policyDir, d).ifPresent(line -> {
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

    private static java.util.Optional<String> sourceLine(Path dir, Diagnostic d) {
        if (d.span().line() <= 0) return java.util.Optional.empty();
        try {
            List<String> lines = Files.readAllLines(dir.resolve(d.span().file()));
            return d.span().line() <= lines.size()
                    ? java.util.Optional.of(lines.get(d.span().line() - 1))
                    : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
