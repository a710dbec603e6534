package dev.mayexec.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A file's type as {@code stat} reports it; for the stdin channel, what descriptor 0 is. */
public enum FileType {
    REGULAR,
    DIRECTORY,
    SYMLINK,
    FIFO,
    SOCKET,
    CHAR,
    BLOCK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FileType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(FileType::id).toList();
    }
}
