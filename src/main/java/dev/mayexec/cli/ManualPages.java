package dev.mayexec.cli;

import dev.mayexec.BuildInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the manual pages (roff, section 1: one for {@code mayexec}, one per command) and the bash
 * completion script from the command line's own model, so that they say what {@code --help} says.
 * The Debian package is built with them: {@code java -cp … dev.mayexec.cli.ManualPages DIR}.
 */
public final class ManualPages {
    private ManualPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManualPages DIR (writes DIR/man1/*.1 and DIR/mayexec.bash)");
            System.exit(ExitCodes.USAGE);
        }
        Path dir = Path.of(args[0]);
        CommandLine root = Main.commandLine();
        Files.createDirectories(dir.resolve("man1"));
        write(dir.resolve("man1/mayexec.1"), root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (sub.getCommandSpec().usageMessage().hidden() || sub.getCommandName().equals("help")) continue;
            write(dir.resolve("man1/mayexec-" + sub.getCommandName() + ".1"), sub);
        }
        Files.writeString(dir.resolve("mayexec.bash"), AutoComplete.bash("mayexec", root), StandardCharsets.UTF_8);
    }

    private static void write(Path file, CommandLine cl) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            page(out, cl.getCommandSpec());
        }
    }

    /** One command's page: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, then the help's footer and exit codes. */
    static void page(PrintWriter out, CommandSpec spec) {
        String name = spec.qualifiedName("-");
        BuildInfo build = BuildInfo.current();
        String date = build.built().length() >= 10 ? build.built().substring(0, 10) : build.built();
        out.println(".TH " + quoted(name.toUpperCase(Locale.ROOT)) + " 1 " + quoted(date) + " "
                + quoted("mayexec " + build.version()) + " " + quoted("mayexec manual"));
        String[] description = spec.usageMessage().description();
        out.println(".SH NAME");
        out.println(text(name) + " \\- " + text(summary(description)));
        out.println(".SH SYNOPSIS");
        out.println(".nf");
        out.println(text(plain(spec.commandLine().getHelp().synopsis(0)).strip()));
        out.println(".fi");
        if (description.length > 0) {
            out.println(".SH DESCRIPTION");
            // the help's lines are cut for the terminal: a paragraph ends where a sentence does
            StringBuilder p = new StringBuilder();
            for (String line : description) {
                p.append(p.isEmpty() ? "" : " ").append(line.strip());
                if (line.strip().endsWith(".")) {
                    paragraph(out, p.toString());
                    p.setLength(0);
                }
            }
            if (!p.isEmpty()) paragraph(out, p.toString());
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!options.isEmpty() || !params.isEmpty()) {
            out.println(".SH OPTIONS");
            for (PositionalParamSpec p : params) {
                out.println(".TP");
                out.println("\\fI" + text(p.paramLabel()) + "\\fR");
                for (String line : p.description()) out.println(text(line));
            }
            for (OptionSpec o : options) {
                out.println(".TP");
                String label = o.typeInfo().isBoolean() ? "" : "=\\fI" + text(o.paramLabel()) + "\\fR";
                out.println(String.join(", ", java.util.Arrays.stream(o.names()).map(n -> "\\fB" + text(n) + "\\fR").toList())
                        + label);
                for (String line : o.description()) out.println(text(line));
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.println(".SH NOTES");
            out.println(".nf");
            for (String line : footer) out.println(text(line.replace("%n", "\n")).replace("\n\n", "\n"));
            out.println(".fi");
        }
        var exits = spec.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            out.println(".SH EXIT STATUS");
            exits.forEach((code, meaning) -> {
                out.println(".TP");
                out.println(text(code.strip()));
                out.println(text(meaning));
            });
        }
        out.println(".SH SEE ALSO");
        out.println(spec.parent() == null ? "mayexec\\-decide(1), mayexec\\-lint(1), mayexec\\-serve(1)" : "mayexec(1)");
    }

    /** The first clause of the description, for the NAME line. */
    private static String summary(String[] description) {
        String all = String.join(" ", description).strip();
        int end = all.length();
        for (String stop : List.of(". ", "; ", ": ")) {
            int at = all.indexOf(stop);
            if (at > 0 && at < end) end = at;
        }
        return all.substring(0, end).replaceAll("[.;:]$", "");
    }

    private static void paragraph(PrintWriter out, String line) {
        out.println(".PP");
        out.println(text(line));
    }

    /** Help text without picocli's markup ({@code @|bold …|@}) or ANSI codes. */
    private static String plain(String s) {
        return s.replaceAll("\u001B\\[[;\\d]*m", "");
    }

    /** Text safe in roff: backslashes and hyphens escaped, a line never starting with a control character. */
    static String text(String s) {
        String escaped = plain(s).replace("\\", "\\e").replace("-", "\\-");
        StringBuilder b = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (!b.isEmpty()) b.append('\n');
            if (line.startsWith(".") || line.startsWith("'")) b.append("\\&");
            b.append(line);
        }
        return b.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\"", "") + "\"";
    }
}
