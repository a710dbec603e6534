package dev.mayexec.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Whether a policy or scoped file enforces its denies or only reports them (roll-out). */
public enum Mode {
    ENFORCE,
    AUDIT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Mode> parse(String s) {
        return Arrays.stream(values()).filter(m -> m.id().equals(s)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Mode::id).toList();
    }
}
