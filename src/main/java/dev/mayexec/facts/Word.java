package dev.mayexec.facts;

import java.util.List;
import java.util.Optional;

/** An enum written in YAML and JSON as a lower-case word: {@code EXEC_RESTRICT_FILE} is {@code exec-restrict-file}. */
public interface Word {

    /**
     * Returns the constant's name (every enum has it).
     *
     * @return the upper-case Java name
     */
    String name();

    /**
     * Returns the word as users write it.
     *
     * @return the lower-case word, with hyphens for underscores
     */
    default String id() {
        return Words.id(this);
    }

    /**
     * Returns the constant of {@code type} whose word is {@code word}.
     *
     * @param <E> the enum
     * @param type its class
     * @param word a word as users write it
     * @return the constant, or empty when no constant has that word
     */
    static <E extends Enum<E> & Word> Optional<E> parse(Class<E> type, String word) {
        return Optional.ofNullable(type.cast(Words.of(type).byId().get(word)));
    }

    /**
     * Returns the words of {@code type}'s constants.
     *
     * @param <E> the enum
     * @param type its class
     * @return the words, in declaration order
     */
    static <E extends Enum<E> & Word> List<String> ids(Class<E> type) {
        return Words.of(type).ids();
    }
}
