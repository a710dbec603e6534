package dev.mayexec.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.policy.Attribute;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides every logged request again under a new policy and counts what would change. It is fed
 * one log line at a time and keeps only counts, a few examples per group and the rules it saw, so
 * its memory does not grow with the log: groups are bounded by the pairs of causes (rules, defaults,
 * kernel reasons) of the two policies, and examples by {@link #EXAMPLES} per group.
 *
 * <p>"Allowed" means the code ran: an allow, or a deny that was not enforced (audit). A line is
 * replayed from its {@code facts}, the request as the daemon completed it; a line without them
 * (refused before any fact was collected) and an invocation (whose parts depend on files read at the
 * time) are counted as skipped, never guessed at.
 */
public final class Replay {
    /** Examples kept per group. */
    public static final int EXAMPLES = 3;
    /** Lines that could not be read that are listed (the rest are counted). */
    static final int INVALID_SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Decider newer;
    private final Map<Group, Counted> groups = new TreeMap<>();
    private final Set<String> exercised = new TreeSet<>();
    private final Set<String> seenFacts = new TreeSet<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final List<String> invalid = new ArrayList<>();
    private long lines;
    private long replayed;
    private long invalidCount;

    public Replay(Decider newer) {
        this.newer = newer;
    }

    /** A change: whether the code ran before and runs now, and the cause in each policy. */
    public record Group(boolean ranBefore, boolean runsNow, String oldCause, String newCause) implements Comparable<Group> {
        @Override
        public int compareTo(Group o) {
            int c = Boolean.compare(o.ranBefore, ranBefore); // allow→deny first: what breaks production
            if (c != 0) return c;
            c = oldCause.compareTo(o.oldCause);
            return c != 0 ? c : newCause.compareTo(o.newCause);
        }
    }

    /** How many requests a group has, and the first few. */
    public record Counted(long count, List<String> examples) {}

    /** The outcome: counts, the groups of changed requests, NEW's rules no request exercised, what was skipped. */
    public record Report(long lines, long replayed, long allowToDeny, long denyToAllow, Map<Group, Counted> groups,
            List<String> unexercised, Map<String, Long> skipped, long invalid, List<String> invalidShown,
            List<String> unlogged) {}

    /** Judges one log line; {@code where} names it ({@code FILE:LINE}) in messages. */
    public void line(String text, String where) {
        if (text.isBlank()) return;
        lines++;
        JsonNode entry;
        try {
            entry = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            invalid(where, "not JSON");
            return;
        }
        JsonNode facts = entry.get("facts");
        if (facts == null || !facts.isObject()) {
            skip("no facts (refused before any was collected, or a log from before facts were kept)");
            return;
        }
        if (!facts.has("channel")) {
            skip("an invocation (its parts depend on files read at the time)");
            return;
        }
        Request request;
        try {
            request = RequestJson.parse(facts);
        } catch (RequestException e) {
            invalid(where, "its facts are not a request: " + e.getMessage());
            return;
        }
        JsonNode decision = entry.get("decision");
        if (decision == null || !decision.isTextual()) {
            invalid(where, "no `decision`");
            return;
        }
        replayed++;
        seen(facts, "");
        boolean ranBefore = decision.asText().equals("allow") || !entry.path("enforced").asBoolean(true);
        Decision now = newer.decide(request);
        for (var r : now.reasons()) {
            if (r.rule() != null) exercised.add(r.rule());
        }
        boolean runsNow = !now.denied();
        if (ranBefore == runsNow) return;
        Group g = new Group(ranBefore, runsNow, cause(entry.get("reasons")), cause(now));
        Counted c = groups.get(g);
        List<String> examples = c == null ? new ArrayList<>() : c.examples();
        if (examples.size() < EXAMPLES) examples.add(facts.toString());
        groups.put(g, new Counted(c == null ? 1 : c.count() + 1, examples));
    }

    private void skip(String why) {
        skipped.merge(why, 1L, Long::sum);
    }

    private void invalid(String where, String why) {
        invalidCount++;
        if (invalid.size() < INVALID_SHOWN) invalid.add(where + ": " + why);
    }

    /** Records the keys of the facts ({@code file.mount.point}), to say which facts NEW reads that the log never kept. */
    private void seen(JsonNode node, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) seen(f.getValue(), key);
            else seenFacts.add(key);
        }
    }

    /** The rule, default or kernel reason that decided a logged line: its first reason. */
    private static String cause(JsonNode reasons) {
        if (reasons == null || !reasons.isArray() || reasons.isEmpty()) return "(none logged)";
        JsonNode r = reasons.get(0);
        return r.path("rule").isTextual() ? r.path("code").asText() + ":" + r.path("rule").asText() : r.path("code").asText();
    }

    private static String cause(Decision d) {
        return d.reasons().isEmpty() ? "(none)" : DiffReport.reason(d.reasons().getFirst());
    }

    /** How many lines were read so far. */
    public long lines() {
        return lines;
    }

    public Report report() {
        long allowToDeny = groups.entrySet().stream().filter(e -> e.getKey().ranBefore()).mapToLong(e -> e.getValue().count())
                .sum();
        long denyToAllow = groups.entrySet().stream().filter(e -> !e.getKey().ranBefore())
                .mapToLong(e -> e.getValue().count()).sum();
        List<String> unexercised = new ArrayList<>();
        for (Analysis.Ref r : new Analysis(policy(), Map.of(), List.of()).rules()) {
            if (!exercised.contains(r.id())) unexercised.add(r.id() + " (" + r.rule().span() + ")");
        }
        return new Report(lines, replayed, allowToDeny, denyToAllow, new LinkedHashMap<>(groups), unexercised,
                new TreeMap<>(skipped), invalidCount, List.copyOf(invalid), unlogged());
    }

    private dev.mayexec.policy.Policy policy() {
        return newer.engine().compiled().policy();
    }

    /** The facts NEW's rules read that no replayed line had: conditions on them cannot hold in the replay. */
    private List<String> unlogged() {
        if (replayed == 0) return List.of();
        Set<String> reads = newer.engine().compiled().reads();
        List<String> out = new ArrayList<>();
        for (Attribute a : Attribute.values()) {
            if (!reads.contains(a.field()) || !a.source().matches("(process|file)(\\.[a-z0-9_]+)+")) continue;
            if (!seenFacts.contains(a.source())) out.add("`" + a.key() + "` (" + a.source() + ")");
        }
        return out;
    }
}
