package dev.mayexec.collect;

import dev.mayexec.facts.Capabilities;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Securebit;
import dev.mayexec.policy.Attribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Collects a process's facts from {@code /proc/PID}: ids and groups, capabilities, no_new_privs
 * (status), the systemd service (cgroup, v1 and v2 layouts), the executable and the parent's, the
 * LSM label, whether fd 0 is a terminal, and the descriptors it holds without close-on-exec.
 * Securebits are not in {@code /proc}: only this process's own can be read (prctl).
 */
final class ProcessCollector {
    private static final Pattern TTY = Pattern.compile("/dev/(pts/[0-9]+|tty[A-Za-z]*[0-9]*|console)");
    private static final int O_CLOEXEC = 02000000;

    private final Path proc;
    private final Accounts accounts;
    private final long self = ProcessHandle.current().pid();

    ProcessCollector(SystemRoot root) {
        this.proc = root.proc();
        this.accounts = new Accounts(root.etc());
    }

    /** Collects every fact of {@code pid}; throws {@link NoSuchFileException} when there is no such process. */
    ProcessInfo collect(int pid) throws IOException {
        return collect(pid, true);
    }

    /** Like {@link #collect(int)}; the inherited descriptors (one read per descriptor) only when wanted. */
    ProcessInfo collect(int pid, boolean inheritedFds) throws IOException {
        Set<String> reads = inheritedFds ? EVERY_VOLATILE_FACT : Set.of("user", "parentExe", "lsmLabel", "stdinTty");
        Path dir = proc.resolve(Integer.toString(pid));
        String status = Files.readString(dir.resolve("status"));
        return volatileFacts(pid, stable(pid, status, readOrEmpty(dir.resolve("cgroup"))), status, reads);
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The facts that change only with a trace in status, cgroup or the executable, from the texts of
     * status and cgroup already read (through pinned descriptors); the others are null.
     */
    ProcessInfo stable(int pid, String statusText, String cgroupText) throws IOException {
        Path dir = proc.resolve(Integer.toString(pid));
        Map<String, String> status = status(statusText);
        int uid = second(status, "Uid");
        int gid = second(status, "Gid");
        List<Integer> groups = new ArrayList<>();
        for (String g : status.getOrDefault("Groups", "").trim().split("\\s+")) {
            if (!g.isEmpty()) groups.add(Integer.parseInt(g));
        }
        return new ProcessInfo(pid, uid, gid, List.copyOf(groups), null, serviceOf(cgroupText),
                link(dir.resolve("exe")), null, null,
                pid == self ? securebits(Kernel.securebits()) : null,
                capabilities(status.get("CapEff")),
                status.containsKey("NoNewPrivs") ? status.get("NoNewPrivs").trim().equals("1") : null,
                null, null, null);
    }

    static final Set<String> EVERY_VOLATILE_FACT = Set.of("user", "parentExe", "lsmLabel", "stdinTty", "inheritedFds");

    /**
     * Adds to {@code stable} the facts {@code reads} names among those that change without a trace
     * in status, cgroup or the executable: the user name, the parent's executable, the LSM label,
     * whether fd 0 is a terminal, the inherited descriptors. Each is read afresh.
     */
    ProcessInfo volatileFacts(int pid, ProcessInfo stable, String statusText, Set<String> reads) throws IOException {
        Path dir = proc.resolve(Integer.toString(pid));
        String parentExe = null;
        if (reads.contains(Attribute.PARENT_EXE.field())) {
            String ppid = status(statusText).get("PPid"); // the status just read, not a second look by name
            parentExe = ppid == null || ppid.equals("0") ? null : link(proc.resolve(ppid.trim()).resolve("exe"));
        }
        return new ProcessInfo(stable.pid(), stable.uid(), stable.gid(), stable.groups(),
                reads.contains(Attribute.USER.field()) ? accounts.user(stable.uid()) : null, stable.service(), stable.exe(),
                stable.interpreter(), parentExe, stable.securebits(), stable.capabilities(), stable.noNewPrivs(),
                reads.contains(Attribute.LSM_LABEL.field()) ? label(dir.resolve("attr").resolve("current")) : null,
                reads.contains(Attribute.STDIN_TTY.field()) ? stdinTty(dir.resolve("fd").resolve("0")) : null,
                reads.contains(Attribute.INHERITED_FDS.field()) ? inheritedFds(dir.resolve("fdinfo")) : null);
    }

    private static Map<String, String> status(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) out.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return out;
    }

    /** The effective id: the second of real, effective, saved and filesystem ids. */
    private static int second(Map<String, String> status, String key) throws IOException {
        String v = status.get(key);
        if (v == null) throw new IOException("no `" + key + "` line in the process status");
        return Integer.parseInt(v.split("\\s+")[1]);
    }

    /** The innermost systemd service in the cgroup path: v2's unified line, else v1's name=systemd. */
    static String service(Path cgroup) {
        return serviceOf(readOrEmpty(cgroup));
    }

    static String serviceOf(String cgroup) {
        String v1 = null;
        String v2 = null;
        for (String line : cgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[0].equals("0") && f[1].isEmpty()) v2 = f[2];
            if (f[1].equals("name=systemd")) v1 = f[2];
        }
        String found = unit(v2);
        return found != null ? found : unit(v1);
    }

    private static String unit(String cgroupPath) {
        if (cgroupPath == null) return null;
        String[] parts = cgroupPath.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i].endsWith(".service")) return parts[i];
        }
        return null;
    }

    private static String link(Path p) {
        String target = Kernel.readlink(p.toString());
        if (target == null) return null; // another user's process: its executable is not ours to read
        return target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target;
    }

    private static String label(Path current) {
        try {
            String l = Files.readString(current).replace("\0", "").strip();
            return l.isEmpty() ? null : l;
        } catch (IOException e) {
            return null; // no LSM, or none that labels processes
        }
    }

    private static Boolean stdinTty(Path fd0) {
        String target = Kernel.readlink(fd0.toString());
        return target == null ? null : TTY.matcher(target).matches();
    }

    private static List<Integer> inheritedFds(Path fdinfo) {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(fdinfo)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.matches("[0-9]+") || Integer.parseInt(name) <= 2) continue;
                try {
                    for (String line : Files.readAllLines(p)) {
                        if (line.startsWith("flags:") && (Integer.parseInt(line.substring(6).trim(), 8) & O_CLOEXEC) == 0) {
                            out.add(Integer.parseInt(name));
                        }
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // the descriptor was closed while we listed them
                }
            }
        } catch (IOException e) {
            return null;
        }
        return out.stream().sorted().toList();
    }

    static Set<String> capabilities(String capEff) {
        if (capEff == null) return null;
        long bits = Long.parseUnsignedLong(capEff.trim(), 16);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < Capabilities.ALL.size(); i++) {
            if ((bits & (1L << i)) != 0) out.add(Capabilities.ALL.get(i));
        }
        return Set.copyOf(out);
    }

    static Set<Securebit> securebits(int bits) {
        Set<Securebit> out = EnumSet.noneOf(Securebit.class);
        for (Securebit b : Securebit.values()) {
            if ((bits & b.mask()) != 0) out.add(b);
        }
        return Set.copyOf(out);
    }
}
