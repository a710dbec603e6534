package dev.mayexec.profile;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words as a POSIX shell would: quotes and backslashes, no expansion. */
final class Words {
    private Words() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) out.add(word.toString());
                word = null;
                continue;
            }
            if (word == null) word = new StringBuilder();
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote != '\'' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unclosed quote in `" + line + "`");
        if (word != null) out.add(word.toString());
        return out;
    }
}
