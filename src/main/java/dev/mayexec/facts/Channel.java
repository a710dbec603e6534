package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** How code reaches an interpreter (DESIGN.md §1). */
public enum Channel implements Word {
    /** A script file an interpreter runs ({@code python3 app.py}, {@code ./app.py}). */
    FILE,
    /** A module or package an interpreter loads by name ({@code import json}). */
    MODULE,
    /** A shared library or extension loaded into the process. */
    LIBRARY,
    /** A file that configures an interpreter and can carry code ({@code .pth}, {@code sitecustomize}). */
    CONFIG,
    /** Code read from standard input ({@code sh < job}, {@code curl … | sh}). */
    STDIN,
    /** Code given on the command line ({@code python3 -c}, {@code sh -c}, {@code perl -e}). */
    INLINE,
    /** Code typed at an interactive prompt. */
    INTERACTIVE,
    /** Code carried by the environment ({@code PYTHONSTARTUP}, {@code PERL5OPT}, {@code BASH_ENV}). */
    ENVIRONMENT;

    /** Returns whether this is one of the four channels whose code comes from a file the kernel can check. */
    public boolean isFileChannel() {
        return this == FILE || this == MODULE || this == LIBRARY || this == CONFIG;
    }

    /** Returns whether this is one of the three channels that carry code with no file at all. */
    public boolean isFileless() {
        return this == INLINE || this == INTERACTIVE || this == ENVIRONMENT;
    }

    /** The channel a word names ({@code {@link #id()}} form), or empty for any other word. */
    public static Optional<Channel> parse(String s) {
        return Word.parse(Channel.class, s);
    }

    /** Every channel's word, in declaration order (for messages that list what is allowed). */
    public static List<String> ids() {
        return Word.ids(Channel.class);
    }
}
