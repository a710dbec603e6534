package dev.mayexec.lint.render;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.load.PolicyFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The policy's source lines, read once per file, and how wide the part a span points at is. Lines
 * come only from files the loader would accept as policy ({@link PolicyFiles#text}).
 */
public final class SourceText {
    private final Path dir;
    private final Function<String, Optional<String>> reader;
    private final Map<String, List<String>> files = new HashMap<>();

    /** The lines of the policy in {@code dir}. */
    public SourceText(Path dir) {
        this(dir, f -> PolicyFiles.text(dir, f));
    }

    private SourceText(Path dir, Function<String, Optional<String>> reader) {
        this.dir = dir;
        this.reader = reader;
    }

    /** The lines of files already read and accepted (policy tests), by the name their spans give. */
    public static SourceText of(Map<String, String> texts) {
        Map<String, String> copy = Map.copyOf(texts);
        return new SourceText(Path.of(""), f -> Optional.ofNullable(copy.get(f)));
    }

    /** The line a span points at, if the file and line exist. */
    public Optional<String> line(SourceSpan span) {
        if (span.line() <= 0) return Optional.empty();
        List<String> lines = files.computeIfAbsent(span.file(),
                f -> reader.apply(f).map(t -> t.lines().toList()).orElse(List.of()));
        return span.line() <= lines.size() ? Optional.of(printable(lines.get(span.line() - 1))) : Optional.empty();
    }

    /**
     * A source line as it can be shown: a control or invisible format character (a bidi override,
     * an escape sequence) becomes U+FFFD, one for one, so that the columns stay and the terminal or
     * the review page shows what the parser read.
     */
    static String printable(String line) {
        StringBuilder b = new StringBuilder(line.length());
        for (char c : line.toCharArray()) {
            int type = Character.getType(c);
            boolean hidden = c != '\t' && (type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR);
            b.append(hidden ? '\uFFFD' : c);
        }
        return b.toString();
    }

    /** How many characters to underline: a {@code key: value} to the end of the line, else the token. */
    public int width(SourceSpan span) {
        return line(span).map(l -> width(l, span.col())).orElse(1);
    }

    static int width(String line, int col) {
        if (col < 1 || col > line.length()) return 1;
        String rest = line.substring(col - 1);
        int comment = rest.indexOf(" #");
        if (comment >= 0) rest = rest.substring(0, comment);
        rest = rest.stripTrailing();
        if (rest.matches("[A-Za-z0-9_.-]+:(\\s.*)?")) return Math.max(1, balanced(rest));
        int end = 0;
        while (end < rest.length() && " ,}]".indexOf(rest.charAt(end)) < 0) end++;
        return Math.max(1, end);
    }

    /** The length of {@code s} up to a bracket or brace it closes without opening (a flow map's end). */
    private static int balanced(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '[') depth++;
            if ((c == '}' || c == ']') && --depth < 0) return s.substring(0, i).stripTrailing().replaceAll(",$", "").length();
            if (c == ',' && depth == 0) return i;
        }
        return s.length();
    }

    /** Where a span's file is, for people: the policy directory joined with the file. */
    public String path(SourceSpan span) {
        return span.file().equals(".") ? dir.toString() : dir.resolve(span.file()).toString();
    }
}
