package dev.mayexec.engine;

import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.ProcessInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's {@code AT_EXECVE_CHECK} decision computed from facts (shared/conformance/KERNEL.md
 * §2.2-2.3): only a regular file passes; then the mount must not be {@code noexec}; then exactly one
 * permission class counts (owner, else group, else other), and {@code CAP_DAC_OVERRIDE} passes only
 * when some x bit is set anywhere in the mode. LSMs are invisible to the model: only a verdict given
 * by the caller (or taken from the live kernel) can carry their say.
 */
public final class KernelModel {
    private KernelModel() {}

    /** The three verdicts a policy can demand: the whole check, the mount part, the permission part. */
    public record Verdicts(Verdict kernel, Verdict mount, Verdict permission) {}

    public static Verdicts check(ProcessInfo p, FileInfo f) {
        Verdict type = type(f);
        Verdict mount = mount(f);
        Verdict permission = permission(p, f);
        Verdict computed = first(type, mount, permission);
        if (f != null && "allow".equals(f.kernelCheck())) {
            // the real kernel allowed: the file is regular, its mount is not noexec, and exec is permitted
            return new Verdicts(Verdict.ALLOWED, Verdict.ALLOWED, Verdict.ALLOWED);
        }
        // "unsupported" (a kernel before 6.14) is no verdict at all: the model decides, never "allow" by default
        boolean given = f != null && f.kernelCheck() != null && !f.kernelCheck().equals("unsupported");
        Verdict kernel = given ? given(f.kernelCheck()) : computed;
        return new Verdicts(kernel, first(type, mount), first(type, permission));
    }

    private static Verdict given(String check) {
        return Verdict.deny("kernel.check-failed", "the kernel refused execution of the file (" + check + ")");
    }

    private static Verdict type(FileInfo f) {
        if (f == null || f.type() == null) return Verdict.unknown(List.of("file.type"));
        if (f.type() != FileType.REGULAR) {
            return Verdict.deny("kernel.not-regular-file", "the file is a " + describe(f.type()) + ", not a regular file");
        }
        return Verdict.ALLOWED;
    }

    private static Verdict mount(FileInfo f) {
        if (f == null || f.mount() == null || f.mount().noexec() == null) {
            return Verdict.unknown(List.of("file.mount.noexec"));
        }
        if (f.mount().noexec()) {
            String point = f.mount().point() == null ? "" : " `" + f.mount().point() + "`";
            return Verdict.deny("kernel.noexec-mount", "the file's mount" + point + " is noexec");
        }
        return Verdict.ALLOWED;
    }

    private static Verdict permission(ProcessInfo p, FileInfo f) {
        List<String> missing = new ArrayList<>();
        if (f == null || f.mode() == null) missing.add("file.mode");
        if (p.uid() == null) missing.add("process.uid");
        if (f == null || f.uid() == null) missing.add("file.uid");
        if (!missing.isEmpty()) return Verdict.unknown(missing);
        int mode = f.mode();
        String who;
        int bits;
        if (p.uid().equals(f.uid())) {
            who = "owner";
            bits = mode >> 6;
        } else {
            if (f.gid() == null) missing.add("file.gid");
            if (p.gid() == null && p.groups() == null) missing.add("process.gid");
            if (!missing.isEmpty()) return Verdict.unknown(missing);
            boolean member = f.gid().equals(p.gid()) || (p.groups() != null && p.groups().contains(f.gid()));
            who = member ? "group" : "other";
            bits = member ? mode >> 3 : mode;
        }
        if ((bits & 1) != 0) return Verdict.ALLOWED;
        boolean dacOverride = p.capabilities() != null ? p.capabilities().contains("dac_override") : p.uid() == 0;
        if (dacOverride && (mode & 0111) != 0) return Verdict.ALLOWED;
        String octal = Integer.toOctalString(mode); // %04o, without a Formatter for every file of mode 0644
        return Verdict.deny("kernel.no-exec-permission", "mode " + "0".repeat(Math.max(0, 4 - octal.length())) + octal
                + " gives uid " + p.uid() + " (" + who + " class" + (dacOverride ? "; CAP_DAC_OVERRIDE needs some x bit" : "")
                + ") no exec permission");
    }

    private static String describe(FileType t) {
        return switch (t) {
            case CHAR -> "character device (a terminal, for instance)";
            case BLOCK -> "block device";
            case FIFO -> "pipe or fifo";
            case SOCKET -> "socket";
            case SYMLINK -> "symbolic link";
            case DIRECTORY -> "directory";
            case REGULAR -> "regular file";
        };
    }

    /** The first deny in kernel order; else unknown with every missing fact; else allow. */
    private static Verdict first(Verdict... parts) {
        List<String> missing = new ArrayList<>();
        for (Verdict v : parts) {
            if (Verdict.DENY.equals(v.state())) return v;
        }
        for (Verdict v : parts) {
            for (String fact : v.missing()) {
                if (!missing.contains(fact)) missing.add(fact);
            }
        }
        return missing.isEmpty() ? Verdict.ALLOWED : Verdict.unknown(missing);
    }
}
