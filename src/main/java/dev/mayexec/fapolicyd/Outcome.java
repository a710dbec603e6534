package dev.mayexec.fapolicyd;

import dev.mayexec.facts.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the import made of one source rule: its status, the notes that say why, and its condition in
 * mayexec's terms (the channels it applies to, a {@code when} block, and blocks that must not hold).
 * {@code when} is null when the rule can never match; {@code incomplete} marks a deny that was not
 * carried over whole, which makes the import exit non-zero.
 */
record Outcome(FaRule rule, Status status, List<Note> notes, Set<Channel> channels, Block when, List<Block> negations,
        boolean incomplete) {

    Outcome {
        notes = List.copyOf(notes);
        channels = Set.copyOf(channels);
        negations = List.copyOf(negations);
    }

    /** How faithfully a source rule was carried over. */
    enum Status {
        /** decides as fapolicyd does, on every request the mapping of channels projects */
        EXACT,
        /** carried over with a documented approximation (the notes' codes say which) */
        APPROXIMATE,
        /** not carried over: an allow left out (stricter), or a deny lost (the import fails) */
        DROPPED;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why a rule is not exact, or a quirk of the version that was kept: a stable code and the detail. */
    record Note(String code, String detail, boolean approximates) {}

    /**
     * A conjunction of mayexec conditions: attribute to the YAML items of its values (alternatives).
     * Items are rendered already, so that equal blocks compare equal (an {@code unless} list has no
     * block twice).
     */
    record Block(Map<String, List<String>> attrs) {
        Block {
            attrs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
        }

        boolean always() {
            return attrs.isEmpty();
        }
    }
}
