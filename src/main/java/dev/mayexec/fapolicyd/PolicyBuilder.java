package dev.mayexec.fapolicyd;

import dev.mayexec.facts.Channel;
import dev.mayexec.fapolicyd.Outcome.Block;
import dev.mayexec.fapolicyd.Outcome.Note;
import dev.mayexec.fapolicyd.Outcome.Status;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the imported policy: fapolicyd's first match becomes mayexec's deny-overrides. A deny
 * rule i is in force where its condition holds and no earlier allow matches, so each deny is
 * written with {@code unless:} blocks made of the earlier allows' conditions (per channel, since
 * allows differ in the channels they cover); allows are written as they are; every default is
 * allow, fapolicyd's fall-through.
 */
final class PolicyBuilder {
    /** mayexec's bound on a rule's {@code unless} blocks. */
    static final int MAX_UNLESS = 256;

    /** One source rule in the report: its outcome, the mayexec rules written for it, and final notes. */
    record Entry(FaRule rule, Status status, List<Note> notes, List<String> ids, boolean incomplete) {}

    /** An earlier allow, as later denies see it. */
    private record Shield(int rule, Set<Channel> channels, Block block, boolean usable) {}

    private final List<Entry> entries = new ArrayList<>();
    private final StringBuilder rules = new StringBuilder();

    static PolicyBuilder build(List<Outcome> outcomes) {
        PolicyBuilder b = new PolicyBuilder();
        List<Shield> shields = new ArrayList<>();
        List<List<Note>> extra = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) extra.add(new ArrayList<>());
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            List<String> ids = new ArrayList<>();
            boolean incomplete = o.incomplete();
            Status status = o.status();
            if (o.status() != Status.DROPPED && o.when() != null) {
                if (o.rule().allow()) {
                    String id = "fa-" + o.rule().number();
                    b.rule(id, "allow", o.channels(), o.when(), o.negations(), o.rule());
                    ids.add(id);
                    // an allow with exceptions is not one block: later denies cannot name it in their unless
                    shields.add(new Shield(i, o.channels(), o.when(), o.negations().isEmpty()));
                } else {
                    if (b.deny(o, i, shields, ids, extra)) {
                        incomplete = true;
                        status = Status.DROPPED;
                    }
                }
            }
            b.entries.add(new Entry(o.rule(), status, o.notes(), ids, incomplete));
        }
        // notes found later (an allow that a later deny could not name) join their rule's entry
        for (int i = 0; i < b.entries.size(); i++) {
            Entry e = b.entries.get(i);
            if (extra.get(i).isEmpty()) continue;
            List<Note> notes = new ArrayList<>(e.notes());
            notes.addAll(extra.get(i));
            Status s = e.status() == Status.EXACT && notes.stream().anyMatch(Note::approximates) ? Status.APPROXIMATE : e.status();
            b.entries.set(i, new Entry(e.rule(), s, notes, e.ids(), e.incomplete()));
        }
        return b;
    }

    /** Writes a deny per group of channels with the same earlier allows; true if it could not be written. */
    private boolean deny(Outcome o, int index, List<Shield> shields, List<String> ids, List<List<Note>> extra) {
        Map<List<Block>, Set<Channel>> groups = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            if (!o.channels().contains(c)) continue;
            Set<Block> unless = new LinkedHashSet<>(o.negations());
            boolean shielded = false;
            for (Shield s : shields) {
                if (!s.channels().contains(c)) continue;
                if (!s.usable()) {
                    Note n = new Note("exception-not-carried", "its exceptions cannot be named in the unless of the later deny rule "
                            + o.rule().number() + ", which so holds more widely", true);
                    if (!extra.get(s.rule()).contains(n)) extra.get(s.rule()).add(n);
                    continue;
                }
                if (s.block().always()) shielded = true; // an allow of everything here: the deny never decides
                unless.add(s.block());
            }
            if (!shielded) groups.computeIfAbsent(List.copyOf(unless), k -> EnumSet.noneOf(Channel.class)).add(c);
        }
        for (var g : groups.entrySet()) {
            if (g.getKey().size() > MAX_UNLESS) {
                extra.get(index).add(new Note("too-many-earlier-allows",
                        g.getKey().size() + " earlier allows would be exceptions of this deny; mayexec takes at most " + MAX_UNLESS, true));
                ids.clear();
                return true;
            }
        }
        for (var g : groups.entrySet()) {
            String id = "fa-" + o.rule().number() + (groups.size() == 1 ? "" : "-" + String.join("-",
                    g.getValue().stream().map(Channel::id).toList()));
            rule(id, "deny", g.getValue(), o.when(), g.getKey(), o.rule());
            ids.add(id);
        }
        return false;
    }

    private void rule(String id, String effect, Set<Channel> channels, Block when, List<Block> unless, FaRule source) {
        rules.append("  - id: ").append(id).append('\n');
        rules.append("    effect: ").append(effect).append('\n');
        rules.append("    channels: [").append(String.join(", ", EnumSet.copyOf(channels).stream().map(Channel::id).toList()))
                .append("]\n");
        if (!when.always()) {
            rules.append("    when:\n");
            block(when, "      ");
        }
        if (!unless.isEmpty()) {
            rules.append("    unless:\n");
            for (Block b : unless) {
                String first = "      - ";
                for (var a : b.attrs().entrySet()) {
                    rules.append(first).append(a.getKey()).append(": ").append(values(a.getValue())).append('\n');
                    first = "        ";
                }
            }
        }
        rules.append("    message: ").append(Translator.quoted(source.span().file() + ":" + source.span().line() + ": "
                + source.text())).append('\n');
    }

    private void block(Block b, String indent) {
        for (var a : b.attrs().entrySet()) {
            rules.append(indent).append(a.getKey()).append(": ").append(values(a.getValue())).append('\n');
        }
    }

    private static String values(List<String> items) {
        boolean scalar = items.size() == 1 && (items.getFirst().startsWith("{set:") || items.getFirst().equals("true")
                || items.getFirst().equals("false")); // a set, or a boolean, is never in a list
        return scalar ? items.getFirst() : "[" + String.join(", ", items) + "]";
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The policy.yaml text. */
    String policy(String description, TrustList trust) {
        StringBuilder y = new StringBuilder();
        y.append("# written by `mayexec import fapolicyd`: see import-report.txt beside it\n");
        y.append("name: fapolicyd-import\n");
        y.append("description: ").append(Translator.quoted(description)).append('\n');
        y.append("defaults:   # fapolicyd allows what no rule matches\n");
        for (Channel c : Channel.values()) y.append("  ").append(c.id()).append(": allow\n");
        if (trust != null && !trust.paths().isEmpty()) {
            y.append("sets:\n  ").append(Translator.TRUST_SET).append(":\n    type: paths\n    values:\n");
            for (String p : trust.paths()) y.append("      - ").append(Translator.quoted(p)).append('\n');
        }
        if (!rules.isEmpty()) y.append("rules:\n").append(rules);
        return y.toString();
    }
}
