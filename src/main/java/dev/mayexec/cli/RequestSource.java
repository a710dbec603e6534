package dev.mayexec.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a command's requests come from: the REQUEST arguments, or the lines of {@code --request FILE}
 * (standard input by default). Arguments are read as the lines of a stream would be, so that they are
 * checked and answered exactly like them.
 */
final class RequestSource {
    @Option(names = "--request", paramLabel = "FILE", description = "Read requests from FILE (default, or `-`: standard input).")
    String file;

    @Parameters(paramLabel = "REQUEST", arity = "0..*", description = "A request (JSON) to take instead of reading any.")
    List<String> given = List.of();

    /** The requests, one per line, or null after saying why not on {@code err}. */
    InputStream open(String command, PrintWriter err) throws IOException {
        if (!given.isEmpty()) {
            if (file != null) return refuse(err, command, "give requests as arguments or with --request, not both");
            StringBuilder lines = new StringBuilder();
            // a newline is JSON's spacing, or an unescaped control character inside a string; a tab is
            // the same to JSON, and keeps an argument one line
            for (String r : given) lines.append(r.replace('\n', '\t')).append('\n');
            return new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (file == null || file.equals("-")) return System.in;
        Path p = Path.of(file);
        if (!Files.isReadable(p)) return refuse(err, command, "cannot read request file `" + file + "`");
        return Files.newInputStream(p);
    }

    private static InputStream refuse(PrintWriter err, String command, String why) {
        err.println("mayexec " + command + ": " + why);
        err.flush();
        return null;
    }
}
