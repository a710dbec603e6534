package dev.mayexec.policy;

import dev.mayexec.facts.Word;
import java.util.List;
import java.util.Optional;

/** What a rule does when it matches. {@code audit} is a deny that is logged but not enforced. */
public enum Effect implements Word {
    ALLOW,
    DENY,
    AUDIT;

    public static Optional<Effect> parse(String s) {
        return Word.parse(Effect.class, s);
    }

    public static List<String> ids() {
        return Word.ids(Effect.class);
    }
}
