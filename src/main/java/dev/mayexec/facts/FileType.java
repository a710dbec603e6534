package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** A file's type as {@code stat} reports it; for the stdin channel, what descriptor 0 is. */
public enum FileType implements Word {
    REGULAR,
    DIRECTORY,
    SYMLINK,
    FIFO,
    SOCKET,
    CHAR,
    BLOCK;

    public static Optional<FileType> parse(String s) {
        return Word.parse(FileType.class, s);
    }

    public static List<String> ids() {
        return Word.ids(FileType.class);
    }
}
