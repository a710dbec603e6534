package dev.mayexec.lint;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * What a check found, before the linter gives it the check's code and severity: the place, the
 * message, the fix, an example request (JSON) that demonstrates it, and related places.
 */
public record Finding(SourceSpan span, String message, String help, String example, List<Diagnostic.Related> related) {

    public Finding {
        related = List.copyOf(related);
    }

    public static Finding at(SourceSpan span, String message) {
        return new Finding(span, message, null, null, List.of());
    }

    public Finding help(String h) {
        return new Finding(span, message, h, example, related);
    }

    public Finding example(String json) {
        return new Finding(span, message, help, json, related);
    }

    public Finding related(SourceSpan at, String what) {
        List<Diagnostic.Related> r = new ArrayList<>(related);
        r.add(new Diagnostic.Related(at, what));
        return new Finding(span, message, help, example, r);
    }
}
