package dev.mayexec.cli;

import java.io.PrintWriter;
import java.util.List;

/** The {@code --format} of the review commands, checked alike: a word from a short list, or a usage error. */
final class ReportFormat {
    private ReportFormat() {}

    /** Whether {@code format} is one of {@code allowed}; if not, says so on {@code err}. */
    static boolean valid(String command, String format, List<String> allowed, PrintWriter err) {
        if (allowed.contains(format)) return true;
        err.println("mayexec " + command + ": unknown format `" + format + "`; use "
                + String.join(", ", allowed.stream().map(f -> "`" + f + "`").toList()));
        err.flush();
        return false;
    }
}
