package dev.mayexec.fapolicyd;

import dev.mayexec.fapolicyd.FaRule.Attr;
import dev.mayexec.fapolicyd.FaRule.Perm;
import java.util.List;

/**
 * The reference evaluator of fapolicyd rules, written from fapolicyd.rules(5): rules are tried in
 * order and the first that matches decides; when none does, the access is allowed. A rule matches
 * when its perm covers the access and every field holds; the values of one field are alternatives;
 * a field whose fact is unknown is skipped (it counts as holding), except {@code sha256hash} and
 * {@code pattern}, which fapolicyd treats as not holding. {@code dir} is a plain string prefix, with
 * no path boundary. The version's quirks are kept ({@link FaVersion}).
 */
final class FirstMatch {
    /** The directories of the {@code execdirs} macro; {@code systemdirs} adds {@code /etc/}. */
    static final List<String> EXECDIRS = List.of("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/usr/libexec/");

    private FirstMatch() {}

    /** What fapolicyd decided: the 1-based number of the rule that matched (0: none), and allow or deny. */
    record Verdict(int rule, boolean allow) {}

    static Verdict decide(List<FaRule> rules, Event e, FaVersion version) {
        for (FaRule r : rules) {
            if (matches(r, e, version)) return new Verdict(r.number(), r.allow());
        }
        return new Verdict(0, true);
    }

    static boolean matches(FaRule r, Event e, FaVersion v) {
        if (r.perm() != Perm.ANY && r.perm() != e.perm()) return false;
        for (Attr a : r.subject()) {
            if (!subject(a, e, v)) return false;
        }
        for (Attr a : r.object()) {
            if (!object(a, e, v)) return false;
        }
        return true;
    }

    private static boolean subject(Attr a, Event e, FaVersion v) {
        return switch (a.name()) {
            case "all" -> true;
            case "auid" -> number(a, e.auid());
            case "uid" -> number(a, e.uid());
            case "sessionid" -> number(a, e.sessionid());
            case "pid" -> number(a, e.pid());
            case "ppid" -> number(a, e.ppid());
            case "gid" -> e.gids() == null || e.gids().stream().anyMatch(g -> a.values().contains(Integer.toString(g)));
            case "trust" -> e.subjectTrusted() == null || e.subjectTrusted() == a.values().getFirst().equals("1");
            case "pattern" -> e.pattern() != null && a.values().contains(e.pattern());
            case "comm" -> string(a, e.comm());
            case "device" -> string(a, e.exeDevice());
            case "ftype" -> string(a, e.exeType());
            case "exe" -> exe(a, e, v);
            case "dir" -> dir(a, e.exe(), e.subjectTrusted(), v);
            default -> throw new IllegalStateException("the reader admits no subject field " + a.name());
        };
    }

    private static boolean object(Attr a, Event e, FaVersion v) {
        return switch (a.name()) {
            case "all" -> true;
            case "path" -> string(a, e.path());
            case "device" -> string(a, e.device());
            case "ftype" -> e.ftype() == null || a.values().contains("any") || a.values().contains(e.ftype());
            case "trust" -> e.objectTrusted() == null || e.objectTrusted() == a.values().getFirst().equals("1");
            case "sha256hash" -> e.sha256() != null && a.values().contains(e.sha256());
            case "mode" -> true; // the event never knows the open's mode here: unknown, so skipped
            case "dir" -> dir(a, e.path(), e.objectTrusted(), v);
            default -> throw new IllegalStateException("the reader admits no object field " + a.name());
        };
    }

    private static boolean number(Attr a, Integer value) {
        return value == null || a.values().contains(Integer.toString(value));
    }

    private static boolean string(Attr a, String value) {
        return value == null || a.values().contains(value);
    }

    private static boolean exe(Attr a, Event e, FaVersion v) {
        if (e.exe() == null) return true;
        if (a.values().contains("untrusted") && e.subjectTrusted() != null) {
            // 1.1.7: a trusted subject fails the field, an untrusted one is then compared as a path
            if (e.subjectTrusted()) {
                if (!v.macrosMatch()) return false;
            } else if (v.macrosMatch()) {
                return true;
            }
        }
        return a.values().contains(e.exe());
    }

    private static boolean dir(Attr a, String path, Boolean trusted, FaVersion v) {
        if (path == null) return true;
        boolean exec = a.values().contains("execdirs") && inDirs(path, EXECDIRS);
        boolean system = a.values().contains("systemdirs") && (path.startsWith("/etc/") || inDirs(path, EXECDIRS));
        boolean untrusted = a.values().contains("untrusted") && trusted != null && !trusted;
        boolean trustedMacro = a.values().contains("untrusted") && trusted != null && trusted;
        if (v.macrosMatch()) {
            if (exec || system || untrusted) return true;
        } else if (exec || system || trustedMacro) {
            return false; // 1.1.7 returns "no match" where the macro was meant to match
        }
        return a.values().stream().anyMatch(path::startsWith);
    }

    private static boolean inDirs(String path, List<String> dirs) {
        return dirs.stream().anyMatch(path::startsWith);
    }
}
