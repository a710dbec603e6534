package dev.mayexec.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a rule does when it matches. {@code audit} is a deny that is logged but not enforced. */
public enum Effect {
    ALLOW,
    DENY,
    AUDIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Effect> parse(String s) {
        return Arrays.stream(values()).filter(e -> e.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Effect::id).toList();
    }
}
