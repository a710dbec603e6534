package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** A file's type as {@code stat} reports it; for the stdin channel, what descriptor 0 is. */
public enum FileType implements Word {
    /** A regular file. */
    REGULAR,
    /** A directory. */
    DIRECTORY,
    /** A symbolic link (a request names one only when it was not followed). */
    SYMLINK,
    /** A pipe (standard input from {@code curl … | sh}). */
    FIFO,
    /** A socket. */
    SOCKET,
    /** A character device (a terminal, {@code /dev/null}). */
    CHAR,
    /** A block device. */
    BLOCK;

    /** The file type a word names ({@code {@link #id()}} form), or empty for any other word. */
    public static Optional<FileType> parse(String s) {
        return Word.parse(FileType.class, s);
    }

    /** Every file type's word, in declaration order (for messages that list what is allowed). */
    public static List<String> ids() {
        return Word.ids(FileType.class);
    }
}
