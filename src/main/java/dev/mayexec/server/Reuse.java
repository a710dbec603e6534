package dev.mayexec.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mayexec.Decision;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.pipeline.Decider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which answers a client may give itself again (docs/DAEMON.md, "Answers a client may reuse").
 * An allow that depends on no fact of the file, and only on facts of the process that the process
 * can see unchanged in itself, holds for every later question on its channel while those facts are
 * as they were and the policy is the same. The client then answers itself instead of asking: on an
 * import-heavy program, the questions are most of the hook's cost.
 *
 * <p>Fail closed: an answer that depends on a field not named here (the file's facts, the user
 * name, the parent, the capabilities, ...) is never reusable, and neither is one on a field added
 * to the query later.
 */
final class Reuse {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the client compares, before answering itself, for each field a decision may depend on:
     * "" for what cannot change under it (the channel is the grant's; an exec, the only way to another
     * executable, replaces the client and its grants with it).
     */
    private static final Map<String, String> CHECKS = Map.of(
            "channel", "", "fileChannel", "", "exe", "", "interpreter", "",
            "restrictFile", "securebits", "denyInteractive", "securebits",
            "uid", "ids", "gid", "ids", "gids", "groups",
            "service", "cgroup");
    /** The user name is the uid's in passwd: the client's uid, while the daemon announces every change of passwd. */
    private static final Map<String, String> USER_NAMES_ANNOUNCED = Map.of("user", "ids");

    private final Decider mx;
    private final boolean logAllows;
    private final boolean userNamesAnnounced;
    /** Replies by policy and process facts: a script started a thousand times is one entry. */
    private final Cache<Key, Reply> replies = Caffeine.newBuilder().maximumSize(1_000).build();

    /**
     * With {@code logAllows} ({@code --log-allows}) nothing is reusable: every allow is the daemon's
     * to log. With {@code userNamesAnnounced}, the daemon tells the clients of every change of passwd,
     * and an answer on the user name is reusable too.
     */
    Reuse(Decider mx, boolean logAllows, boolean userNamesAnnounced) {
        this.mx = mx;
        this.logAllows = logAllows;
        this.userNamesAnnounced = userNamesAnnounced;
    }

    /**
     * The query's fields that owe nothing to the process's collected facts: the channel, the
     * securebits (the client's word) and the file's own facts. Not the kernel's verdicts, which the
     * engine's model computes with the process's credentials. A field not named here (a new one)
     * counts as the process's: its facts are then collected.
     */
    private static final Set<String> NOT_OF_THE_PROCESS = Set.of("channel", "fileChannel", "restrictFile",
            "denyInteractive", "path", "fileType", "fileUid", "fileGid", "mode", "mountPoint", "fstype", "noexec",
            "nosuid", "ro", "othersCanWrite", "sha256", "packageTrusted", "fileId", "anchorField", "anchor");

    /** Whether the policy deciding now reads anything of a process that must be collected from /proc. */
    boolean readsTheProcess() {
        return !NOT_OF_THE_PROCESS.containsAll(mx.engine().compiled().reads());
    }

    /** The reply line, and whether it grants anything (the connection is then told of reloads). */
    record Reply(byte[] line, boolean grants) {}

    private record Key(String policy, ProcessInfo process) {}

    /** The reply to {@code {"control":"reuse"}} for a process with these facts, collected for this question. */
    Reply reply(ProcessInfo process) {
        String policy = mx.policyHash();
        return replies.get(new Key(policy, process.toBuilder().pid(null).build()), k -> make(k.policy(), k.process()));
    }

    /** Decides each channel for the process with no file, and keeps the allows that read no fact of one. */
    private Reply make(String policy, ProcessInfo process) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode grants = out.putObject("reuse");
        out.put("policy", policy);
        if (!logAllows) {
            for (Channel c : Channel.values()) {
                Request q = new Request(c, process, null, null, null, null, null);
                Decision d = mx.decide(q);
                List<String> checks = d.decision() == Decision.Outcome.ALLOW && d.policy().equals(policy)
                        ? checks(mx.fieldsDecidedOn(q, d), userNamesAnnounced) : null;
                if (checks != null) checks.forEach(grants.putArray(c.id())::add);
            }
        }
        return new Reply((out + "\n").getBytes(StandardCharsets.UTF_8), !grants.isEmpty());
    }

    /**
     * What the client must see unchanged in itself to reuse an allow that depends on {@code fields}
     * (sorted, no repeats), or null when the answer is one to ask again.
     */
    static List<String> checks(Set<String> fields, boolean userNamesAnnounced) {
        if (fields == null) return null;
        Set<String> checks = new TreeSet<>();
        for (String f : fields) {
            String check = CHECKS.getOrDefault(f, userNamesAnnounced ? USER_NAMES_ANNOUNCED.get(f) : null);
            if (check == null) return null;
            if (!check.isEmpty()) checks.add(check);
        }
        return List.copyOf(checks);
    }
}
