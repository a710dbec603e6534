package dev.mayexec.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How code reaches an interpreter (DESIGN.md §1). */
public enum Channel {
    FILE,
    MODULE,
    LIBRARY,
    CONFIG,
    STDIN,
    INLINE,
    INTERACTIVE,
    ENVIRONMENT;

    /** Returns the lower-case name used in YAML, JSON and DRL. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The four channels whose code comes from a file the kernel can check. */
    public boolean isFileChannel() {
        return this == FILE || this == MODULE || this == LIBRARY || this == CONFIG;
    }

    /** The three channels that carry code with no file at all. */
    public boolean isFileless() {
        return this == INLINE || this == INTERACTIVE || this == ENVIRONMENT;
    }

    public static Optional<Channel> parse(String s) {
        return Arrays.stream(values()).filter(c -> c.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Channel::id).toList();
    }
}
