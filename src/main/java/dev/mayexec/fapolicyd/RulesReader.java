package dev.mayexec.fapolicyd;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Severity;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.diag.Suggest;
import dev.mayexec.fapolicyd.FaRule.Attr;
import dev.mayexec.fapolicyd.FaRule.Perm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads fapolicyd rules with fapolicyd's grammar (fapolicyd.rules(5), and what 1.1.7's parser
 * accepts): a directory's {@code *.rules} files concatenated in {@code ls -v} order, as fagenrules
 * does, or one compiled file. Every problem is a diagnostic at file:line:col.
 */
final class RulesReader {
    /** A rules file larger than this is refused: rules are input, and anything that grows has a bound. */
    static final long MAX_FILE_BYTES = 8L << 20;

    static final Set<String> DECISIONS = Set.of("allow", "deny", "allow_audit", "deny_audit", "allow_syslog",
            "deny_syslog", "allow_log", "deny_log");
    static final List<String> SUBJECT = List.of("all", "auid", "uid", "sessionid", "pid", "ppid", "pattern", "trust",
            "gid", "comm", "exe", "dir", "ftype", "device");
    static final List<String> OBJECT = List.of("all", "path", "dir", "device", "ftype", "trust", "sha256hash", "mode");
    private static final Set<String> NUMERIC = Set.of("auid", "uid", "gid", "sessionid", "pid", "ppid");

    /** The rules read, and every problem found (errors make the input unusable). */
    record Result(List<FaRule> rules, List<Diagnostic> diagnostics) {
        boolean ok() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }

    /** User and group names, as this machine resolves them (fapolicyd resolves them on its own). */
    record Names(Map<String, Integer> users, Map<String, Integer> groups) {
        static Names system() {
            return new Names(table(Path.of("/etc/passwd")), table(Path.of("/etc/group")));
        }

        private static Map<String, Integer> table(Path file) {
            Map<String, Integer> out = new HashMap<>();
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length > 2 && f[2].matches("[0-9]{1,9}")) out.putIfAbsent(f[0], Integer.parseInt(f[2]));
                }
            } catch (IOException unreadable) {
                // no names then: a rule naming one is reported as naming an unknown user or group
            }
            return out;
        }
    }

    private final Names names;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<FaRule> rules = new ArrayList<>();
    private final Map<String, List<String>> sets = new HashMap<>();
    private final Map<String, Boolean> numericSets = new HashMap<>();

    private RulesReader(Names names) {
        this.names = names;
    }

    /** Reads {@code source}: a rules.d directory, or one rules file. */
    static Result read(Path source, Names names) {
        RulesReader r = new RulesReader(names);
        try {
            if (Files.isDirectory(source)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(source)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".rules"))
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted(Comparator.comparing(p -> p.getFileName().toString(), RulesReader::versionOrder))
                            .toList();
                }
                if (files.isEmpty()) {
                    r.error("mx.fapolicyd.no-rules", SourceSpan.ofFile(source.toString()),
                            "no `*.rules` file in `" + source + "`", "give fapolicyd's rules.d directory or a rules file");
                }
                for (Path f : files) r.file(f, f.getFileName().toString());
            } else {
                r.file(source, source.getFileName().toString());
            }
        } catch (IOException e) {
            r.error("mx.fapolicyd.io", SourceSpan.ofFile(source.toString()), "cannot read `" + source + "`: " + e.getMessage(),
                    null);
        }
        return new Result(List.copyOf(r.rules), List.copyOf(r.diagnostics));
    }

    /** Reads rules given as text (tests, and a file's lines), as if from file {@code name}. */
    static Result parse(String text, String name, Names names) {
        RulesReader r = new RulesReader(names);
        r.lines(text, name);
        return new Result(List.copyOf(r.rules), List.copyOf(r.diagnostics));
    }

    private void file(Path f, String name) throws IOException {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f)) {
            error("mx.fapolicyd.io", SourceSpan.ofFile(name), "`" + name + "` is not a regular file", null);
            return;
        }
        if (Files.size(f) > MAX_FILE_BYTES) {
            error("mx.fapolicyd.too-large", SourceSpan.ofFile(name), "`" + name + "` is larger than "
                    + (MAX_FILE_BYTES >> 20) + " MiB", "split the rules into several files");
            return;
        }
        lines(Files.readString(f, StandardCharsets.UTF_8), name);
    }

    private void lines(String text, String name) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            line(lines[i], new SourceSpan(name, i + 1, 1));
        }
    }

    /** A token of a line: its text and 1-based column. */
    private record Token(String text, int col) {}

    private void line(String line, SourceSpan at) {
        if (line.strip().isEmpty() || line.stripLeading().startsWith("#")) return;
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < line.length(); ) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ') i++;
            tokens.add(new Token(line.substring(start, i), start + 1));
        }
        for (Token t : tokens) {
            int bad = firstControl(t.text());
            if (bad >= 0) {
                error("mx.fapolicyd.bad-character", span(at, t.col() + bad), "a control or invisible character (such as a tab) in `"
                        + printable(t.text()) + "`", "fapolicyd separates fields by spaces only: write spaces");
                return;
            }
        }
        Token first = tokens.getFirst();
        if (first.text().startsWith("%")) {
            set(first, at);
        } else {
            rule(line, tokens, at);
        }
    }

    private void set(Token t, SourceSpan at) {
        int eq = t.text().indexOf('=');
        String name = eq < 0 ? t.text().substring(1) : t.text().substring(1, eq);
        if (eq < 0 || !name.matches("[A-Za-z0-9_]+")) {
            error("mx.fapolicyd.set", span(at, t.col()), "cannot read the set definition `" + t.text() + "`",
                    "write `%name=value1,value2` (a name of letters, digits and `_`)");
            return;
        }
        if (sets.containsKey(name)) {
            error("mx.fapolicyd.set", span(at, t.col()), "set `%" + name + "` is defined twice", "give each set one definition");
            return;
        }
        String body = t.text().substring(eq + 1);
        List<String> values = split(body);
        boolean numeric = !body.isEmpty() && Character.isDigit(body.charAt(0));
        if (numeric && !values.stream().allMatch(v -> v.matches("-?[0-9]{1,10}"))) {
            error("mx.fapolicyd.set", span(at, t.col()), "set `%" + name + "` starts with a number, so every value must be one",
                    "fapolicyd types a set by its first value; write numbers only, or start with a name");
            return;
        }
        sets.put(name, values);
        numericSets.put(name, numeric);
    }

    private void rule(String line, List<Token> tokens, SourceSpan at) {
        Token first = tokens.getFirst();
        if (!DECISIONS.contains(first.text())) {
            error("mx.fapolicyd.decision", span(at, first.col()), "unknown decision `" + first.text() + "`",
                    Suggest.help(first.text(), DECISIONS));
            return;
        }
        if (!line.contains(":")) {
            error("mx.fapolicyd.format", span(at, first.col()), "a rule without ` : ` between subject and object",
                    "write `decision perm=... subject : object`; the old format without a colon is not read");
            return;
        }
        Perm perm = Perm.OPEN; // fapolicyd: open when perm is absent
        List<Attr> subject = new ArrayList<>();
        List<Attr> object = new ArrayList<>();
        boolean inObject = false;
        boolean sawColon = false;
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.text().equals(":") && !inObject) {
                inObject = true;
                sawColon = true;
                continue;
            }
            if (t.text().equals("all")) {
                (inObject ? object : subject).add(new Attr("all", List.of(), false, span(at, t.col())));
                continue;
            }
            int eq = t.text().indexOf('=');
            if (eq < 0) {
                error("mx.fapolicyd.field", span(at, t.col()), "`=` is missing in field `" + t.text() + "`",
                        "write `name=value`, `all`, or ` : ` between subject and object");
                return;
            }
            String name = t.text().substring(0, eq);
            String value = t.text().substring(eq + 1);
            if (name.equals("perm") && !inObject) {
                if (i != 1) {
                    error("mx.fapolicyd.perm", span(at, t.col()), "`perm` must come right after the decision",
                            "fapolicyd reads `perm=` only as the first field: move it there");
                    return;
                }
                switch (value) {
                    case "open" -> perm = Perm.OPEN;
                    case "execute" -> perm = Perm.EXECUTE;
                    case "any" -> perm = Perm.ANY;
                    default -> {
                        error("mx.fapolicyd.perm", span(at, t.col() + eq + 1), "unknown permission `" + value + "`",
                                Suggest.help(value, List.of("open", "execute", "any")));
                        return;
                    }
                }
                continue;
            }
            List<String> known = inObject ? OBJECT : SUBJECT;
            if (!known.contains(name) || name.equals("all")) {
                error("mx.fapolicyd.field", span(at, t.col()), "unknown " + (inObject ? "object" : "subject") + " field `"
                        + name + "`", Suggest.help(name, known));
                return;
            }
            Attr a = attr(name, value, span(at, t.col()), span(at, t.col() + eq + 1));
            if (a == null) return; // reported, or skipped as fapolicyd skips it
            (inObject ? object : subject).add(a);
        }
        if (!sawColon) {
            error("mx.fapolicyd.format", span(at, first.col()), "a rule without ` : ` between subject and object",
                    "write `decision perm=... subject : object` with spaces around the colon");
            return;
        }
        if (subject.isEmpty() || object.isEmpty()) {
            error("mx.fapolicyd.missing", span(at, first.col()), "the rule has no " + (subject.isEmpty() ? "subject" : "object"),
                    "write `all` to match every " + (subject.isEmpty() ? "subject" : "object"));
            return;
        }
        boolean allow = first.text().startsWith("allow");
        rules.add(new FaRule(rules.size() + 1, allow, first.text(), perm, subject, object, at, line.strip()));
    }

    /** Reads one field's value (a list, or a set), or reports why not; null when the rule is not kept. */
    private Attr attr(String name, String value, SourceSpan at, SourceSpan valueAt) {
        boolean numeric = NUMERIC.contains(name);
        List<String> values;
        if (value.startsWith("%")) {
            String set = value.substring(1);
            if (name.equals("trust") || name.equals("pattern")) {
                error("mx.fapolicyd.value", valueAt, "`" + name + "` takes one value, not a set", "write `" + name + "=1`");
                return null;
            }
            if (!sets.containsKey(set)) {
                error("mx.fapolicyd.set", valueAt, "set `%" + set + "` is not defined before this rule",
                        Suggest.help(set, sets.keySet()) + " (define it on an earlier line)");
                return null;
            }
            if (numericSets.get(set) != numeric) {
                error("mx.fapolicyd.set", valueAt, "set `%" + set + "` holds " + (numeric ? "strings" : "numbers")
                        + " but `" + name + "` takes " + (numeric ? "numbers" : "strings"), null);
                return null;
            }
            values = sets.get(set);
        } else {
            values = split(value);
        }
        if (name.equals("trust") && !(value.equals("0") || value.equals("1"))) {
            error("mx.fapolicyd.value", valueAt, "`trust` is `" + value + "`", "write `trust=1` or `trust=0`");
            return null;
        }
        if (!numeric) return new Attr(name, values, false, at);
        List<String> ids = new ArrayList<>();
        boolean resolved = false;
        for (String v : values) {
            if (v.matches("-?[0-9]{1,10}")) {
                ids.add(Long.toString(Long.parseLong(v)));
                continue;
            }
            Map<String, Integer> table = switch (name) {
                case "uid", "auid" -> names.users();
                case "gid" -> names.groups();
                default -> null;
            };
            if (table == null) {
                error("mx.fapolicyd.value", valueAt, "`" + name + "` takes numbers, not `" + v + "`", null);
                return null;
            }
            if (!table.containsKey(v)) {
                // fapolicyd logs the unknown name and leaves the whole rule out
                diagnostics.add(new Diagnostic("mx.fapolicyd.unknown-name", Severity.WARNING, "unknown "
                        + (name.equals("gid") ? "group" : "user") + " `" + v + "`: fapolicyd leaves this rule out, and so does the import",
                        "names are resolved on this machine; write the number, or import where the rules run", valueAt));
                return null;
            }
            ids.add(Integer.toString(table.get(v)));
            resolved = true;
        }
        return new Attr(name, ids, resolved, at);
    }

    /** fapolicyd splits values on commas and skips empty ones ({@code strtok}). */
    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        for (String v : value.split(",")) {
            if (!v.isEmpty()) out.add(v);
        }
        return out;
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (refused(s.charAt(i))) return i;
        }
        return -1;
    }

    /** The characters a policy refuses (mx.yaml.bad-character): controls, invisible ones, line separators. */
    private static boolean refused(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(refused(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.toString();
    }

    private static SourceSpan span(SourceSpan line, int col) {
        return new SourceSpan(line.file(), line.line(), col);
    }

    private void error(String code, SourceSpan at, String message, String help) {
        diagnostics.add(Diagnostic.error(code, at, message, help));
    }

    /** {@code ls -v}: runs of digits compare as numbers, the rest character by character. */
    static int versionOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
