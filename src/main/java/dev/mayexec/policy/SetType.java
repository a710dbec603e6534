package dev.mayexec.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The type of a named set; an attribute accepts sets of one type only. */
public enum SetType {
    USERS,
    SERVICES,
    INTERPRETERS,
    PATHS,
    IDS,
    STRINGS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SetType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(SetType::id).toList();
    }
}
