package dev.mayexec.lint.render;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Diagnostics for people, one block each: the place, severity, code and message; the source line
 * with the offending part underlined; related places; an example request; and the help.
 */
public final class TextRenderer {
    /** How many related places a block lists; JSON and SARIF list them all. */
    static final int RELATED_SHOWN = 10;

    private TextRenderer() {}

    public static void render(PrintWriter out, Path dir, List<Diagnostic> diagnostics) {
        render(out, new SourceText(dir), diagnostics);
    }

    public static void render(PrintWriter out, SourceText src, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            String where = d.span().line() == 0 ? src.path(d.span()) : src.path(d.span()) + ":" + d.span().line() + ":"
                    + d.span().col();
            out.println(where + ": " + d.severity().label() + "[" + d.code() + "]: " + d.message());
            src.line(d.span()).ifPresent(line -> {
                out.println("    | " + line);
                out.println("    | " + " ".repeat(Math.max(0, d.span().col() - 1)) + "^".repeat(src.width(d.span())));
            });
            for (Diagnostic.Related r : d.related().subList(0, Math.min(RELATED_SHOWN, d.related().size()))) {
                out.println("    = see: " + r.message() + " at " + src.path(r.span()) + ":" + r.span().line() + ":"
                        + r.span().col());
            }
            if (d.related().size() > RELATED_SHOWN) { // a deny that cuts into a thousand allows stays one block
                out.println("    = see: " + (d.related().size() - RELATED_SHOWN) + " more places (all of them in "
                        + "`--format json` and `--format sarif`)");
            }
            if (d.example() != null) out.println("    = example: " + d.example());
            if (d.help() != null && !d.help().isEmpty()) out.println("    = help: " + d.help());
            out.println();
        }
        out.flush();
    }

    /** {@code 1 error, 2 warnings, 0 infos}. */
    public static String summary(List<Diagnostic> diagnostics) {
        return count(diagnostics, Severity.ERROR, "error") + ", " + count(diagnostics, Severity.WARNING, "warning") + ", "
                + count(diagnostics, Severity.INFO, "info");
    }

    private static String count(List<Diagnostic> ds, Severity s, String word) {
        long n = ds.stream().filter(d -> d.severity() == s).count();
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
