package dev.mayexec.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * env(1) of GNU coreutils, which {@code #!/usr/bin/env python3} lines and launchers put between the
 * kernel and the interpreter: it changes the environment ({@code NAME=VALUE}, {@code -u},
 * {@code -i}) and the working directory ({@code -C}), splits {@code -S} strings, and then runs a
 * command found on PATH. Built in rather than a profile: it is no interpreter, and what it changes
 * decides which interpreter runs and what that interpreter reads.
 */
final class EnvCommand {
    /** The executables that are env(1); a program elsewhere named env is not trusted to behave like it. */
    static final Set<String> PATHS = Set.of("/usr/bin/env", "/bin/env");

    /** What env runs: the command and its arguments (empty: it only prints the environment), with what it set. */
    record Result(List<String> command, Map<String, String> env, String cwd) {}

    private EnvCommand() {}

    /**
     * Applies env's options and assignments in {@code args} (argv after {@code argv[0]}).
     *
     * @throws IllegalArgumentException naming the word that env would reject, or that cannot be followed
     */
    static Result apply(List<String> args, Map<String, String> environment, String cwd) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        List<String> words = new ArrayList<>(args);
        int i = 0;
        boolean options = true;
        while (i < words.size()) {
            String w = words.get(i);
            if (!options || !w.startsWith("-")) break;
            i++;
            if (w.equals("--")) {
                options = false;
            } else if (w.equals("-") || w.equals("-i") || w.equals("--ignore-environment")) {
                env.clear();
            } else if (w.startsWith("--")) {
                String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                String value = w.contains("=") ? w.substring(w.indexOf('=') + 1) : null;
                switch (name) {
                    case "--unset" -> env.remove(value != null ? value : next(words, i++, w));
                    case "--chdir" -> cwd = Locations.absolute(cwd, value != null ? value : next(words, i++, w));
                    case "--split-string" -> words.addAll(i, split(value != null ? value : next(words, i++, w), env));
                    case "--argv0" -> {
                        if (value == null) next(words, i++, w);
                    }
                    case "--null", "--debug", "--list-signal-handling", "--default-signal", "--ignore-signal",
                            "--block-signal" -> { } // no effect on what runs
                    case "--help", "--version" -> {
                        return new Result(List.of(), env, cwd);
                    }
                    default -> throw new IllegalArgumentException("env does not know option `" + w + "`");
                }
            } else {
                for (int j = 1; j < w.length(); j++) {
                    char c = w.charAt(j);
                    String rest = w.substring(j + 1);
                    switch (c) {
                        case 'i' -> env.clear();
                        case '0', 'v' -> { } // output format, debugging: no effect on what runs
                        case 'u', 'C', 'S', 'a' -> {
                            String value = rest.isEmpty() ? next(words, i++, w) : rest;
                            if (c == 'u') env.remove(value);
                            if (c == 'C') cwd = Locations.absolute(cwd, value);
                            if (c == 'S') words.addAll(i, split(value, env));
                            j = w.length(); // the value took the rest of the word
                        }
                        default -> throw new IllegalArgumentException("env does not know option `-" + c + "` in `" + w + "`");
                    }
                }
            }
        }
        while (i < words.size() && words.get(i).indexOf('=') > 0) {
            String a = words.get(i++);
            env.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return new Result(List.copyOf(words.subList(i, words.size())), env, cwd);
    }

    private static String next(List<String> words, int i, String option) {
        if (i >= words.size()) throw new IllegalArgumentException("env option `" + option + "` needs an argument");
        return words.get(i);
    }

    /**
     * Splits a {@code -S} string as env does: on spaces and tabs, with {@code '…'} taken literally,
     * {@code "…"} and backslash escapes ({@code \_} is a space, {@code \c} ends the string),
     * {@code ${NAME}} replaced from the environment, and {@code #} starting a comment.
     */
    static List<String> split(String s, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else word.append(c);
                continue;
            }
            if (quote == 0 && (c == ' ' || c == '\t' || c == '\n')) {
                if (word != null) out.add(word.toString());
                word = null;
                continue;
            }
            if (quote == 0 && c == '#' && word == null) break;
            if (word == null) word = new StringBuilder();
            if (c == '\'' || c == '"') {
                if (quote == c) quote = 0;
                else if (quote == 0) quote = c;
                else word.append(c);
            } else if (c == '\\') {
                if (++k >= s.length()) throw new IllegalArgumentException("env -S string `" + s + "` ends with a backslash");
                char e = s.charAt(k);
                if (e == 'c') {
                    if (quote != 0) throw new IllegalArgumentException("env -S string `" + s + "` has `\\c` inside quotes");
                    break;
                }
                word.append(switch (e) {
                    case '_' -> ' ';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    case 'v' -> '\u000b';
                    case '\\', '"', '\'', '$', '#', ' ' -> e;
                    default -> throw new IllegalArgumentException("env -S string `" + s + "` has an unknown escape `\\" + e + "`");
                });
            } else if (c == '$') {
                int close = s.indexOf('}', k);
                if (k + 1 >= s.length() || s.charAt(k + 1) != '{' || close < 0) {
                    throw new IllegalArgumentException("env -S string `" + s + "` has `$` without `{NAME}`");
                }
                word.append(env.getOrDefault(s.substring(k + 2, close), ""));
                k = close;
            } else {
                word.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("env -S string `" + s + "` has an unclosed quote");
        if (word != null) out.add(word.toString());
        return out;
    }
}
