package dev.mayexec.compile;

import java.util.Map;

/**
 * The only ways text gets into generated DRL. A policy string enters it as a {@link #literal} and in
 * no other way (never in a comment, a name or a template), so no value can end a string, open a
 * comment or start a rule. Set members and globs do not enter it at all: rules look them up in the
 * policy's {@link Tables} by number.
 */
final class Drl {
    private Drl() {}

    /**
     * A string literal that DRL, MVEL and Java all read back as {@code s}: printable ASCII, with
     * {@code "} and {@code \} escaped, line breaks as {@code \n} and {@code \r}, and every other
     * character as a {@code \}{@code u} escape (which cannot stand for a quote or a line break, so it
     * is harmless even where Java reads escapes before strings).
     */
    static String literal(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append(c);
                    } else {
                        b.append(String.format("\\u%04X", (int) c)); // upper case: MVEL reads no other
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Fills a template's {@code @{key}} places in one pass, so that text put in one place is never
     * read again as a place ({@code @{action}} inside a value stays text).
     */
    static String fill(String template, Map<String, String> values) {
        StringBuilder b = new StringBuilder(template.length() * 2);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("@{", i);
            if (open < 0) break;
            int close = template.indexOf('}', open);
            String value = values.get(template.substring(open + 2, close));
            if (value == null) throw new IllegalStateException("no value for " + template.substring(open, close + 1));
            b.append(template, i, open).append(value);
            i = close + 1;
        }
        return b.append(template, i, template.length()).toString();
    }

    /** A comment's text: compiler-made, one line of printable ASCII (anything else is a compiler bug). */
    static String comment(String text) {
        if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalStateException("a DRL comment would hold other than printable ASCII: " + literal(text));
        }
        return text;
    }
}
