package dev.mayexec.policy;

import dev.mayexec.facts.Word;
import java.util.List;
import java.util.Optional;

/** The type of a named set; an attribute accepts sets of one type only. */
public enum SetType implements Word {
    USERS,
    SERVICES,
    INTERPRETERS,
    PATHS,
    IDS,
    STRINGS;

    public static Optional<SetType> parse(String s) {
        return Word.parse(SetType.class, s);
    }

    public static List<String> ids() {
        return Word.ids(SetType.class);
    }
}
