package dev.mayexec.facts;

import java.util.List;
import java.util.Set;

/**
 * Facts about the subject of a request: the process that asks. Every field may be unknown
 * ({@code null}). {@code uid} and {@code gid} are the effective ids, which the kernel's exec check
 * uses. {@code capabilities} are effective capabilities in lower case without {@code CAP_}; when
 * unknown, uid 0 counts as holding all of them. {@code inheritedFds} are the descriptors above 2
 * that the process holds without close-on-exec: authority handed over, usually by mistake.
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
        Boolean stdinTty,
        List<Integer> inheritedFds) {

    /** A process about which nothing is known. */
    public static final ProcessInfo UNKNOWN =
            new ProcessInfo(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** A process whose inherited descriptors are unknown. */
    public ProcessInfo(Integer pid, Integer uid, Integer gid, List<Integer> groups, String user, String service,
            String exe, String interpreter, String parentExe, Set<Securebit> securebits, Set<String> capabilities,
            Boolean noNewPrivs, String lsmLabel, Boolean stdinTty) {
        this(pid, uid, gid, groups, user, service, exe, interpreter, parentExe, securebits, capabilities, noNewPrivs,
                lsmLabel, stdinTty, null);
    }
}
