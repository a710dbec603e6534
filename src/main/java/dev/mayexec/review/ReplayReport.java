package dev.mayexec.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes a {@link Replay.Report}: text for people, Markdown for a pull-request comment, JSON for tools. */
public final class ReplayReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayReport() {}

    public static void text(Replay.Report r, PrintWriter out) {
        out.printf("replayed %,d of %,d logged decisions: %,d allowed before would be denied, %,d denied before would be"
                + " allowed%n", r.replayed(), r.lines(), r.allowToDeny(), r.denyToAllow());
        for (Map.Entry<Replay.Group, Replay.Counted> e : r.groups().entrySet()) {
            Replay.Group g = e.getKey();
            out.printf("%n%s: %,d  (before: %s; now: %s)%n", g.ranBefore() ? "allow -> deny" : "deny -> allow",
                    e.getValue().count(), g.oldCause(), g.newCause());
            for (String ex : e.getValue().examples()) out.printf("  e.g. %s%n", ex);
        }
        if (!r.unexercised().isEmpty()) {
            out.printf("%nrules of the new policy that no logged request exercised (none decided one):%n");
            r.unexercised().forEach(u -> out.printf("  %s%n", u));
        }
        if (!r.unlogged().isEmpty()) {
            out.printf("%nwarning: the new policy reads facts no logged line has, so conditions on them never hold here: %s%n",
                    String.join(", ", r.unlogged()));
        }
        r.skipped().forEach((why, n) -> out.printf("%nskipped %,d: %s%n", n, why));
        if (r.invalid() > 0) {
            out.printf("%n%,d lines could not be read:%n", r.invalid());
            r.invalidShown().forEach(i -> out.printf("  %s%n", i));
        }
    }

    public static void markdown(Replay.Report r, PrintWriter out) {
        out.printf("### mayexec replay%n%n**%,d** allowed before would be denied, **%,d** denied before would be allowed"
                + " (%,d of %,d logged decisions replayed)%n", r.allowToDeny(), r.denyToAllow(), r.replayed(), r.lines());
        if (!r.groups().isEmpty()) {
            out.printf("%n| change | count | before | now | example |%n|---|---|---|---|---|%n");
            r.groups().forEach((g, c) -> out.printf("| %s | %,d | `%s` | `%s` | `%s` |%n",
                    g.ranBefore() ? "**allow → deny**" : "deny → allow", c.count(), g.oldCause(), g.newCause(),
                    c.examples().getFirst().replace("|", "\\|")));
        }
        if (!r.unexercised().isEmpty()) out.printf("%nUnexercised rules: %s%n", String.join(", ", r.unexercised()));
        if (!r.unlogged().isEmpty()) out.printf("%n> facts the new policy reads that no line has: %s%n", String.join(", ", r.unlogged()));
        r.skipped().forEach((why, n) -> out.printf("%n> skipped %,d: %s%n", n, why));
        if (r.invalid() > 0) out.printf("%n> %,d lines could not be read%n", r.invalid());
    }

    public static ObjectNode json(Replay.Report r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("lines", r.lines()).put("replayed", r.replayed()).put("allow_to_deny", r.allowToDeny())
                .put("deny_to_allow", r.denyToAllow());
        ArrayNode groups = o.putArray("groups");
        r.groups().forEach((g, c) -> {
            ObjectNode n = groups.addObject();
            n.put("change", g.ranBefore() ? "allow-to-deny" : "deny-to-allow").put("count", c.count())
                    .put("before", g.oldCause()).put("now", g.newCause());
            ArrayNode ex = n.putArray("examples");
            for (String e : c.examples()) {
                try {
                    ex.add(JSON.readTree(e));
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        });
        o.set("unexercised", JSON.valueToTree(r.unexercised()));
        o.set("unlogged_facts", JSON.valueToTree(r.unlogged()));
        o.set("skipped", JSON.valueToTree(r.skipped()));
        o.put("invalid", r.invalid());
        o.set("invalid_shown", JSON.valueToTree(r.invalidShown()));
        return o;
    }
}
