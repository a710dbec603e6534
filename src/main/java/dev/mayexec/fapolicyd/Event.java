package dev.mayexec.fapolicyd;

import dev.mayexec.fapolicyd.FaRule.Perm;
import java.util.Set;

/**
 * One access fapolicyd decides: the permission asked ({@code OPEN} or {@code EXECUTE}), the subject
 * (the process) and the object (the file). A null field is unknown, and a rule's field about it is
 * skipped, as fapolicyd skips it. {@code gids} is the process's gid and supplementary groups;
 * {@code pattern} the access pattern fapolicyd saw ({@code ld_so}, ...), or null for none.
 */
record Event(Perm perm, Integer auid, Integer uid, Set<Integer> gids, Integer sessionid, Integer pid, Integer ppid,
        Boolean subjectTrusted, String comm, String exe, String exeDevice, String exeType, String pattern,
        String path, String device, String ftype, Boolean objectTrusted, String sha256) {

    Event {
        if (perm == Perm.ANY) throw new IllegalArgumentException("an event is an open or an execute");
        gids = gids == null ? null : Set.copyOf(gids);
    }

    /** An event with the facts mayexec has counterparts for; the others unknown. */
    static Event of(Perm perm, int uid, Set<Integer> gids, String exe, Boolean subjectTrusted, String path, String ftype,
            Boolean objectTrusted, String sha256) {
        return new Event(perm, null, uid, gids, null, null, null, subjectTrusted, null, exe, null, null, null, path, null,
                ftype, objectTrusted, sha256);
    }
}
