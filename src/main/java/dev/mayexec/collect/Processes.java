package dev.mayexec.collect;

import dev.mayexec.facts.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes being asked about, each pinned by descriptors open on its own {@code /proc} files.
 * A descriptor on {@code /proc/PID/status} refers to that one process instance: once it exits, a
 * read fails ({@code ESRCH}), so a pid reused by another process is never mistaken for it.
 *
 * <p>Each question re-reads what proves the facts current, at a few microseconds: the status lines
 * the facts come from (ids, groups, capabilities, no_new_privs, parent), the cgroup file (the
 * service), and the executable's device and inode. When any differs (setresuid, a move to another
 * cgroup, an exec), every fact is collected again. Facts that change without a trace there (fd 0,
 * inherited descriptors, the LSM label, the parent's executable, the user name) are read afresh on
 * every question that needs them, and only then.
 */
final class Processes {
    private static final int MAX_TRACKED = 4096;
    private static final Set<String> STATUS_KEYS = Set.of("Uid", "Gid", "Groups", "CapEff", "NoNewPrivs", "PPid");

    private final Path proc;
    private final ProcessCollector collector;
    // concurrent, not an access-ordered map under one lock: every question of every client looks here
    private final Map<Integer, Tracked> tracked = new java.util.concurrent.ConcurrentHashMap<>();

    Processes(SystemRoot root) {
        this.proc = root.proc();
        this.collector = new ProcessCollector(root);
    }

    /** The facts of {@code pid} the policy reads ({@code reads}: query fields); throws NoSuchFileException when it is gone. */
    ProcessInfo facts(int pid, Set<String> reads) throws IOException {
        Tracked t = tracked.get(pid);
        if (t == null) {
            t = Tracked.open(proc.resolve(Integer.toString(pid)));
            Tracked raced = tracked.putIfAbsent(pid, t);
            if (raced != null) {
                t.close();
                t = raced;
            } else if (tracked.size() > MAX_TRACKED) {
                evict();
            }
        }
        t.used = System.nanoTime();
        try {
            return t.current(pid, collector, reads);
        } catch (NoSuchFileException gone) {
            if (tracked.remove(pid, t)) t.close();
            throw gone;
        }
    }

    /**
     * Drops the least recently asked half: their descriptors are closed, and they are tracked again
     * if asked. A question that took one of them just before finds it closed and fails closed (as for
     * a process gone); with 4,096 processes tracked, the least recently asked are not being asked.
     */
    private synchronized void evict() {
        if (tracked.size() <= MAX_TRACKED) return; // another thread evicted first
        List<Map.Entry<Integer, Tracked>> oldest = new ArrayList<>(tracked.entrySet());
        oldest.sort(Comparator.comparingLong(e -> e.getValue().used));
        for (Map.Entry<Integer, Tracked> e : oldest.subList(0, oldest.size() / 2)) {
            if (tracked.remove(e.getKey(), e.getValue())) e.getValue().close();
        }
    }

    /** One process instance, its pinned descriptors, and the facts last collected with what proved them. */
    private static final class Tracked {
        private final Path dir;
        private final int status;
        private final int cgroup;
        private boolean closed;
        /** When it was last asked about (System.nanoTime()), for eviction; a race only misorders it. */
        volatile long used;
        private String key;
        private byte[] cgroupSeen;
        private long exeDev = -1;
        private long exeIno = -1;
        private ProcessInfo base;

        private Tracked(Path dir, int status, int cgroup) {
            this.dir = dir;
            this.status = status;
            this.cgroup = cgroup;
        }

        static Tracked open(Path dir) throws IOException {
            int status = Kernel.open(dir.resolve("status").toString(), 0);
            if (status < 0) {
                if (-status == 2 || -status == 3) throw new NoSuchFileException(dir.toString());
                throw new IOException("cannot open " + dir.resolve("status") + ": " + Kernel.name(-status));
            }
            int cgroup = Kernel.open(dir.resolve("cgroup").toString(), 0);
            return new Tracked(dir, status, cgroup);
        }

        synchronized ProcessInfo current(int pid, ProcessCollector collector, Set<String> reads) throws IOException {
            if (closed) throw new NoSuchFileException(dir.toString());
            byte[] text = Kernel.preadAll(status);
            if (text == null) throw new NoSuchFileException(dir.toString()); // the process is gone (ESRCH)
            String k = key(text);
            byte[] cg = cgroup < 0 ? null : Kernel.preadAll(cgroup);
            long[] exe = exe();
            if (base == null || !k.equals(key) || !Arrays.equals(cg, cgroupSeen) || exe[0] != exeDev || exe[1] != exeIno) {
                ProcessInfo fresh = verifiedExe(collector.stable(pid, new String(text, StandardCharsets.US_ASCII),
                        cg == null ? "" : new String(cg, StandardCharsets.UTF_8)), exe);
                // still the same instance after reading its executable by name: a reused pid fails this read
                if (Kernel.preadAll(status) == null) throw new NoSuchFileException(dir.toString());
                base = fresh;
                key = k;
                cgroupSeen = cg;
                exeDev = exe[0];
                exeIno = exe[1];
            }
            return collector.volatileFacts(pid, base, new String(text, StandardCharsets.US_ASCII), reads);
        }

        /**
         * The executable's name only if it leads, in our view, to the file the process runs (same
         * device and inode): a process in a mount namespace of its own chooses what its names show,
         * and a name that is not the file's is no name (its profile and scope are then not applied).
         */
        private static ProcessInfo verifiedExe(ProcessInfo p, long[] exe) {
            if (p.exe() == null) return p;
            try {
                Kernel.Stat named = Kernel.statx(Kernel.AT_FDCWD, p.exe(), 0);
                if (named.dev() == exe[0] && named.ino() == exe[1]) return p;
            } catch (IOException e) {
                // no such name in our view
            }
            return new ProcessInfo(p.pid(), p.uid(), p.gid(), p.groups(), p.user(), p.service(), null, p.interpreter(),
                    p.parentExe(), p.securebits(), p.capabilities(), p.noNewPrivs(), p.lsmLabel(), p.stdinTty(),
                    p.inheritedFds());
        }

        private long[] exe() {
            try {
                Kernel.Stat st = Kernel.statx(Kernel.AT_FDCWD, dir.resolve("exe").toString(), 0);
                return new long[] {st.dev(), st.ino()};
            } catch (IOException e) {
                return new long[] {-1, -1}; // a kernel thread, or not ours to read
            }
        }

        /** The status lines the facts come from, in the file's order. */
        private static String key(byte[] status) {
            StringBuilder out = new StringBuilder(256);
            for (int start = 0; start < status.length; ) {
                int end = start;
                while (end < status.length && status[end] != '\n') end++;
                int colon = start;
                while (colon < end && status[colon] != ':') colon++;
                if (colon < end && STATUS_KEYS.contains(new String(status, start, colon - start, StandardCharsets.US_ASCII))) {
                    out.append(new String(status, start, end - start, StandardCharsets.US_ASCII)).append('\n');
                }
                start = end + 1;
            }
            return out.toString();
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                Kernel.close(status);
                if (cgroup >= 0) Kernel.close(cgroup);
            }
        }
    }
}
