package dev.mayexec.server;

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

    private Reuse() {}

    /**
     * What the client must see unchanged in itself to reuse an allow that depends on {@code fields}
     * (sorted, no repeats), or null when the answer is one to ask again.
     */
    static List<String> checks(Set<String> fields) {
        if (fields == null) return null;
        Set<String> checks = new TreeSet<>();
        for (String f : fields) {
            String check = CHECKS.get(f);
            if (check == null) return null;
            if (!check.isEmpty()) checks.add(check);
        }
        return List.copyOf(checks);
    }
}
