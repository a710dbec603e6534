package dev.mayexec.facts;

import java.util.List;
import java.util.Set;

/**
 * Facts about the subject of a request: the process that asks. Every field may be unknown
 * ({@code null}). {@code capabilities} are effective capabilities in lower case without
 * {@code CAP_}; when unknown, uid 0 counts as holding all of them.
 */
public record ProcessInfo(
        Integer pid,
        Integer uid,
        Integer gid,
        List<Integer> groups,
        String user,
        String service,
        String exe,
        String interpreter,
        String parentExe,
        Set<Securebit> securebits,
        Set<String> capabilities,
        Boolean noNewPrivs,
        String lsmLabel,
        Boolean stdinTty) {

    /** A process about which nothing is known. */
    public static final ProcessInfo UNKNOWN =
            new ProcessInfo(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
