package dev.mayexec.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.facts.Channel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Writes a {@link PolicyDiff.Result}: text for people, Markdown for a pull-request comment, JSON for tools. */
public final class DiffReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiffReport() {}

    /** The verdict in one line. */
    public static String summary(PolicyDiff.Result r) {
        if (r.noChange()) return "no change in any decision";
        long allowed = r.regions().stream().filter(x -> x.allowed() && !x.auditOnly()).count();
        long denied = r.regions().stream().filter(x -> !x.allowed() && !x.auditOnly()).count();
        long audit = r.regions().size() - allowed - denied;
        String s = allowed + " newly allowed and " + denied + " newly denied region" + (allowed + denied == 1 ? "" : "s")
                + (audit == 0 ? "" : "; " + audit + " audit-only (the code runs either way)");
        return r.undecided().isEmpty() ? s : s + "; not decided everywhere (see below): do not read this as complete";
    }

    public static void text(PolicyDiff.Result r, String older, String newer, PrintWriter out) {
        out.printf("mayexec diff: %s (%s) -> %s (%s)%n", older, r.oldHash(), newer, r.newHash());
        for (Channel c : Channel.values()) {
            List<PolicyDiff.Region> here = r.regions().stream().filter(x -> x.channel() == c).toList();
            if (here.isEmpty()) continue;
            out.printf("%nchannel %s:%n", c.id());
            for (PolicyDiff.Region x : here) {
                out.printf("  %s: requests that%n", x.change());
                out.printf("    NEW %s by %s: %s%n", x.allowed() ? "allows" : x.auditOnly() ? "would deny" : "denies",
                        x.inNew().describe(), String.join("; ", x.inNew().conditions()));
                out.printf("    OLD %s by %s: %s%n", x.allowed() ? (x.auditOnly() ? "would deny" : "denied") : "allowed",
                        x.inOld().describe(), String.join("; ", x.inOld().conditions()));
                if (x.example() != null) {
                    out.printf("    example: %s%n", x.example());
                    out.printf("      OLD: %s   NEW: %s%n", decided(x.oldDecision()), decided(x.newDecision()));
                } else {
                    out.printf("    example: none that both engines decide differently%n");
                }
            }
        }
        for (String u : r.undecided()) out.printf("%nundecided: %s%n", u);
        out.printf("%n%s%n", summary(r));
    }

    public static void markdown(PolicyDiff.Result r, String older, String newer, PrintWriter out) {
        out.printf("### mayexec diff: `%s` → `%s`%n%n", older, newer);
        out.printf("**%s**%n", summary(r));
        if (!r.regions().isEmpty()) {
            out.printf("%n| channel | change | NEW | OLD | example (OLD → NEW) |%n|---|---|---|---|---|%n");
            for (PolicyDiff.Region x : r.regions()) {
                out.printf("| `%s` | %s | %s: %s | %s: %s | %s |%n", x.channel().id(),
                        x.allowed() || x.auditOnly() ? x.change() : "**" + x.change() + "**", cell(x.inNew().describe()),
                        cell(String.join("; ", x.inNew().conditions())), cell(x.inOld().describe()),
                        cell(String.join("; ", x.inOld().conditions())), x.example() == null ? "none"
                                : "`" + cell(x.example()) + "` (" + decided(x.oldDecision()) + " → " + decided(x.newDecision())
                                        + ")");
            }
        }
        for (String u : r.undecided()) out.printf("%n> undecided: %s%n", u);
        out.printf("%n<sub>policies %s → %s</sub>%n", r.oldHash(), r.newHash());
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    public static ObjectNode json(PolicyDiff.Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("old", r.oldHash()).put("new", r.newHash()).put("no_change", r.noChange()).put("summary", summary(r));
        ArrayNode regions = o.putArray("regions");
        for (PolicyDiff.Region x : r.regions()) {
            ObjectNode n = regions.addObject();
            n.put("channel", x.channel().id()).put("change", x.change().replace(' ', '-'));
            n.set("new", JSON.valueToTree(x.inNew()));
            n.set("old", JSON.valueToTree(x.inOld()));
            try {
                n.set("example", x.example() == null ? null : JSON.readTree(x.example()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (x.oldDecision() != null) n.put("old_decision", decided(x.oldDecision()));
            if (x.newDecision() != null) n.put("new_decision", decided(x.newDecision()));
        }
        o.set("undecided", JSON.valueToTree(r.undecided()));
        return o;
    }

    /** {@code deny (rule.deny:x)}, {@code allow (default.allow)}. */
    static String decided(Decision d) {
        if (d == null) return "?";
        String why = d.reasons().stream().map(DiffReport::reason).collect(Collectors.joining(", "));
        return (d.denied() ? "deny" : d.decision() == Decision.Outcome.DENY ? "deny (not enforced)" : "allow") + " (" + why + ")";
    }

    static String reason(Reason r) {
        return r.rule() == null ? r.code() : r.code() + ":" + r.rule();
    }
}
