package dev.mayexec.review;

import dev.mayexec.Reason;
import java.io.PrintWriter;

/** Writes an explanation for people. */
public final class ExplainText {
    private ExplainText() {}

    /** Writes {@code e}, each line starting with {@code indent}. */
    public static void write(Explanation e, PrintWriter out, String indent) {
        out.printf("%s=> %s%s%n", indent, Explainer.verdict(e.decision()), e.decision().policy() == null ? ""
                : "  (policy " + shortHash(e.decision().policy()) + ")");
        out.printf("%srequest: %s%n", indent, e.request());
        if (e.refused() != null) {
            out.printf("%scombined: %s%n", indent, e.combined());
            return;
        }
        if (e.parts() != null) {
            out.printf("%scombined: %s%n", indent, e.combined());
            int i = 0;
            for (Explanation.Part p : e.parts()) {
                out.printf("%spart %d: %s%n", indent, ++i, p.label());
                write(p.explanation(), out, indent + "  ");
            }
            return;
        }
        out.printf("%sfacts used:%n", indent);
        for (Explanation.Fact f : e.facts()) out.printf("%s  %-18s %s  (%s)%n", indent, f.name(), f.value(), f.origin());
        out.printf("%srules that matched:%s%n", indent, e.matched().isEmpty() ? " none" : "");
        for (Explanation.Matched m : e.matched()) {
            out.printf("%s  %s rule `%s` at %s (%s)%s%n", indent, m.effect(), m.rule(), m.source(), m.scope(),
                    m.effect().equals("allow") || m.enforced() ? "" : ", not enforced");
        }
        out.printf("%sobligations and kernel demands:%s%n", indent, e.obligations().isEmpty() ? " none" : "");
        for (Reason r : e.obligations()) {
            out.printf("%s  %s: %s%s%n", indent, r.code(), r.message(), r.source() == null ? "" : " (" + r.source() + ")");
        }
        out.printf("%sdefault: %s%n", indent, e.defaultApplied() == null ? "did not apply"
                : e.defaultApplied().message() + " (" + e.defaultApplied().source() + ")");
        out.printf("%scombined: %s%n", indent, e.combined());
        if (e.whyNot().isEmpty()) return;
        out.printf("%swhy not allowed (the allow rules for this channel that came closest):%n", indent);
        for (Explanation.Candidate c : e.whyNot()) {
            if (c.failures().isEmpty()) {
                out.printf("%s  `%s` (%s) matches; a deny above overrides it%n", indent, c.rule(), c.source());
                continue;
            }
            String lead = "  `" + c.rule() + "` (" + c.source() + ")";
            for (Explanation.Failure f : c.failures()) {
                out.printf("%s%s needs %s; the request has %s%n", indent, lead, f.needs(), f.has());
                lead = "    and";
            }
        }
    }

    private static String shortHash(String hash) {
        return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
    }
}
