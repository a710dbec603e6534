package dev.mayexec.engine;

import dev.mayexec.facts.Capabilities;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import dev.mayexec.profile.Profile;
import dev.mayexec.profile.Profiles;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a request into the {@link Query} fact: normalises it, resolves the interpreter from the
 * executable, and computes the kernel's verdicts.
 */
final class FactBuilder {
    private static final FileInfo TTY = new FileInfo(null, FileType.CHAR, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Linux's PATH_MAX, in bytes. */
    static final int PATH_MAX = 4096;

    /** Executables are few and their globs many: each is matched once (up to this many, then again). */
    private static final int MEMO = 4096;

    private final Profiles profiles;
    private final Map<String, Optional<String>> interpreters = new ConcurrentHashMap<>();

    FactBuilder(Profiles profiles) {
        this.profiles = profiles;
    }

    /** Builds the query; throws {@link IllegalArgumentException} for a request that cannot be judged. */
    Query build(Request r) {
        if (r.isInvocation()) {
            throw new IllegalArgumentException("the request gives `argv` and no `channel`: it is an invocation, which is"
                    + " decided part by part (MayExec.decide), not as one channel");
        }
        ProcessInfo p = r.process();
        FileInfo f = r.file();
        if (r.channel() == Channel.STDIN && f == null && Boolean.TRUE.equals(p.stdinTty())) {
            f = TTY; // a terminal on fd 0 is a character device, which the kernel check always refuses
        }
        if (f != null && f.path() != null) checkPath("file.path", f.path());
        if (p.exe() != null) checkPath("process.exe", p.exe());
        if (p.parentExe() != null) checkPath("process.parent_exe", p.parentExe());
        if (f != null && f.mount() != null && f.mount().point() != null) checkLength("file.mount.point", f.mount().point());
        Set<Securebit> bits = p.securebits() == null ? Set.of() : p.securebits();
        KernelModel.Verdicts v = KernelModel.check(p, f);
        MountInfo m = f == null ? null : f.mount();
        return new Query(
                r.channel().id(),
                r.channel().isFileChannel(),
                bits.contains(Securebit.EXEC_RESTRICT_FILE),
                bits.contains(Securebit.EXEC_DENY_INTERACTIVE),
                p.uid(),
                p.gid(),
                gids(p),
                p.user(),
                p.service(),
                p.exe(),
                interpreter(p),
                p.parentExe(),
                Capabilities.effective(p.capabilities(), p.uid()),
                p.noNewPrivs(),
                p.lsmLabel(),
                p.stdinTty(),
                p.inheritedFds() == null ? null : p.inheritedFds().size(),
                f == null ? null : f.path(),
                f == null || f.type() == null ? null : f.type().id(),
                f == null ? null : f.uid(),
                f == null ? null : f.gid(),
                f == null ? null : f.mode(),
                m == null ? null : m.point(),
                m == null ? null : m.fstype(),
                m == null ? null : m.noexec(),
                m == null ? null : m.nosuid(),
                m == null ? null : m.ro(),
                f == null ? null : f.othersCanWrite(),
                f == null ? null : f.sha256(),
                f == null ? null : f.packageTrusted(),
                Verdict.UNKNOWN.equals(v.kernel().state()) ? null : v.kernel().state(),
                f == null ? null : new FileId(f.dev(), f.ino(), f.size(), f.mtime(), f.ctime()),
                v.kernel(),
                v.mount(),
                v.permission(),
                null,
                null);
    }

    /**
     * The interpreter is the profile whose executables match the process's real executable (the
     * policy's own profiles first, then the shipped ones); the request's own {@code interpreter}
     * field counts only when the executable is unknown, so that a client (or a shebang line) cannot
     * pick the rules that apply to it.
     */
    private String interpreter(ProcessInfo p) {
        if (p.exe() == null) return p.interpreter();
        if (interpreters.size() >= MEMO) interpreters.clear();
        return interpreters.computeIfAbsent(p.exe(), exe -> profiles.byExecutable(exe).map(Profile::name)).orElse(null);
    }

    private static Set<Integer> gids(ProcessInfo p) {
        if (p.gid() == null && p.groups() == null) return null;
        Set<Integer> s = new HashSet<>();
        if (p.gid() != null) s.add(p.gid());
        if (p.groups() != null) s.addAll(p.groups());
        return Set.copyOf(s);
    }

    private static void checkPath(String field, String path) {
        checkLength(field, path);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(field + " `" + path + "` is not absolute");
        }
        if (path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/..") || (path.length() > 1 && path.endsWith("/")) || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " `" + path + "` is not normalised");
        }
    }

    /**
     * No file has a path longer than PATH_MAX, so a longer one is refused before any work is done on
     * it; a normalised path within the bound then has at most PATH_MAX / 2 components.
     */
    private static void checkLength(String field, String path) {
        if (path.length() > PATH_MAX || utf8Length(path) > PATH_MAX) {
            throw new IllegalArgumentException(field + " is longer than " + PATH_MAX + " bytes (PATH_MAX), which no"
                    + " file's path can be");
        }
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4 bytes
        }
        return n;
    }
}
