package dev.mayexec.policy;

import dev.mayexec.facts.Word;
import java.util.List;
import java.util.Optional;

/** Whether a policy or scoped file enforces its denies or only reports them (roll-out). */
public enum Mode implements Word {
    ENFORCE,
    AUDIT;

    public static Optional<Mode> parse(String s) {
        return Word.parse(Mode.class, s);
    }

    public static List<String> ids() {
        return Word.ids(Mode.class);
    }
}
