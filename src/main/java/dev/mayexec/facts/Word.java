package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** An enum written in YAML and JSON as a lower-case word: {@code EXEC_RESTRICT_FILE} is {@code exec-restrict-file}. */
public interface Word {

    String name();

    /** Returns the word as users write it. */
    default String id() {
        return Words.id(this);
    }

    static <E extends Enum<E> & Word> Optional<E> parse(Class<E> type, String word) {
        return Optional.ofNullable(type.cast(Words.of(type).byId().get(word)));
    }

    static <E extends Enum<E> & Word> List<String> ids(Class<E> type) {
        return Words.of(type).ids();
    }
}
