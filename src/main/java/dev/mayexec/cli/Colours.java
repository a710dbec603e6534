package dev.mayexec.cli;

import java.io.Console;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colour for the text people read (lint findings, test results), only on a terminal and never when
 * {@code NO_COLOR} is set (no-color.org) or {@code TERM=dumb}: output that goes to a file, a pipe or
 * a CI log stays plain text.
 */
final class Colours {
    private static final String RED = "\u001B[1;31m";
    private static final String YELLOW = "\u001B[1;33m";
    private static final String CYAN = "\u001B[1;36m";
    private static final String GREEN = "\u001B[32m";
    private static final String RESET = "\u001B[0m";
    // `file:1:2: error[code]:`, and the test report's `PASS  ` / `FAIL  ` (fixed words at a line's start: linear)
    private static final Pattern LABEL = Pattern.compile("(?m)(: )(error|warning|info)(\\[)|^(PASS|FAIL)(  )");

    private Colours() {}

    /** Whether to colour, given the environment and whether the output is a terminal. */
    static boolean enabled(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) return false;
        return terminal && !"dumb".equals(env.get("TERM"));
    }

    /** Whether this process writes to a terminal and should colour. */
    static boolean enabled() {
        Console c = System.console();
        return enabled(System.getenv(), c != null && c.isTerminal());
    }

    /** The text with its severity labels and test verdicts coloured, or as it is when {@code on} is false. */
    static String paint(String text, boolean on) {
        if (!on) return text;
        Matcher m = LABEL.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(2) != null
                    ? m.group(1) + colour(m.group(2)) + m.group(2) + RESET + m.group(3)
                    : colour(m.group(4)) + m.group(4) + RESET + m.group(5);
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(b).toString();
    }

    private static String colour(String label) {
        return switch (label) {
            case "error", "FAIL" -> RED;
            case "warning" -> YELLOW;
            case "info" -> CYAN;
            default -> GREEN;
        };
    }
}
