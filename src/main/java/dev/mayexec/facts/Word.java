package dev.mayexec.facts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An enum written in YAML and JSON as a lower-case word: {@code EXEC_RESTRICT_FILE} is {@code exec-restrict-file}. */
public interface Word {

    String name();

    /** Returns the word as users write it. */
    default String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E> & Word> Optional<E> parse(Class<E> type, String word) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(word)).findFirst();
    }

    static <E extends Enum<E> & Word> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Word::id).toList();
    }
}
