package dev.mayexec.fapolicyd;

import dev.mayexec.diag.SourceSpan;
import java.util.List;

/**
 * One fapolicyd rule, {@code decision perm subject : object}, with its sets expanded. {@code number}
 * is the 1-based place among the rules fapolicyd loaded, as its log's {@code rule=N} counts.
 */
record FaRule(int number, boolean allow, String decision, Perm perm, List<Attr> subject, List<Attr> object,
        SourceSpan span, String text) {

    FaRule {
        subject = List.copyOf(subject);
        object = List.copyOf(object);
    }

    /** The access a rule is about; {@code ANY} only in rules, an event is {@code OPEN} or {@code EXECUTE}. */
    enum Perm {
        OPEN, EXECUTE, ANY
    }

    /**
     * One {@code name=value} field: its values are ORed (a set's members, a comma list). Numeric ids
     * given as names were resolved on this machine ({@code namesResolved}), as fapolicyd does on its own.
     */
    record Attr(String name, List<String> values, boolean namesResolved, SourceSpan span) {
        Attr {
            values = List.copyOf(values);
        }
    }
}
