package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** How code reaches an interpreter (DESIGN.md §1). */
public enum Channel implements Word {
    FILE,
    MODULE,
    LIBRARY,
    CONFIG,
    STDIN,
    INLINE,
    INTERACTIVE,
    ENVIRONMENT;

    /** The four channels whose code comes from a file the kernel can check. */
    public boolean isFileChannel() {
        return this == FILE || this == MODULE || this == LIBRARY || this == CONFIG;
    }

    /** The three channels that carry code with no file at all. */
    public boolean isFileless() {
        return this == INLINE || this == INTERACTIVE || this == ENVIRONMENT;
    }

    public static Optional<Channel> parse(String s) {
        return Word.parse(Channel.class, s);
    }

    public static List<String> ids() {
        return Word.ids(Channel.class);
    }
}
