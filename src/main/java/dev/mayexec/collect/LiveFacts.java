package dev.mayexec.collect;

import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Set;

/**
 * Completes a request with facts from the running system: the process from {@code process.pid},
 * the file from one open descriptor: the one given, or {@code file.path} opened once in the view of
 * the process (its root, its working directory, its mount namespace), or for {@code stdin} what the
 * process's fd 0 is. Facts given in the request are kept, except the path, which is always the name
 * verified from the open file; collected facts fill the gaps.
 *
 * <p>The kernel's own verdict is asked only when the subject's credentials are this JVM's (its own
 * pid, or the same ids, groups and capabilities), because {@code AT_EXECVE_CHECK} judges with the
 * caller's credentials. For any other subject the verdict stays unknown and the engine computes it
 * from the facts with the model that the differential tests hold to the real kernel.
 */
public final class LiveFacts {
    private final SystemRoot root;
    private final Processes processes;
    private final FileCollector files;
    private volatile ProcessInfo self;

    public LiveFacts(SystemRoot root) {
        this.root = root;
        this.processes = new Processes(root);
        this.files = new FileCollector(root);
    }

    /** Live facts from this machine. */
    public static LiveFacts system() {
        return new LiveFacts(SystemRoot.live());
    }

    /**
     * Returns the request with the facts collected; {@code reads} are the query fields the policy
     * reads, so that costly facts (sha256, package trust) are computed only when needed. The file is
     * {@code file.path} opened once in the subject's view (for {@code stdin}, what its fd 0 is).
     */
    public Request complete(Request r, Set<String> reads) throws LiveFactsException {
        return complete(r, reads, null);
    }

    /**
     * Like {@link #complete(Request, Set)}, but the file is {@code file}, an open descriptor (the one
     * a client sent), whatever path the request names; the caller keeps it and closes it.
     */
    public Request complete(Request r, Set<String> reads, Descriptor file) throws LiveFactsException {
        ProcessInfo given = r.process();
        Integer pid = given.pid();
        ProcessInfo collected = null;
        if (pid != null) {
            try {
                // an invocation's profile reads whether stdin is a terminal, whatever the rules read
                collected = processes.facts(pid, r.isInvocation() ? withStdinTty(reads) : reads);
            } catch (NoSuchFileException e) {
                throw new LiveFactsException("no process " + pid);
            } catch (IOException | RuntimeException e) {
                throw new LiveFactsException("cannot read process " + pid + ": " + e.getMessage());
            }
        }
        ProcessInfo p = collected == null ? given : merge(given, collected);
        FileInfo f = r.file();
        boolean stdin = r.channel() == Channel.STDIN && pid != null && (f == null || f.path() == null);
        if (file != null || stdin || (f != null && f.path() != null)) {
            FileCollector.Wanted wanted = FileCollector.Wanted.of(reads, sameCredentials(p));
            try {
                FileInfo c;
                if (file != null) {
                    c = files.collect(file, pid, wanted);
                } else if (stdin) {
                    try (Descriptor fd0 = Opener.openFd(pid, 0)) {
                        c = files.collect(fd0, pid, wanted);
                    }
                } else {
                    c = files.collect(pid, f.path(), wanted);
                }
                f = merge(f, c);
            } catch (IOException | RuntimeException e) {
                throw new LiveFactsException("cannot collect the facts of "
                        + (f != null && f.path() != null ? f.path() : "the file") + ": " + e.getMessage());
            }
        }
        return new Request(r.channel(), p, f, r.argv(), r.env(), r.cwd(), r.stdin());
    }

    /**
     * Runs {@code changed} (on a thread of its own) whenever the user names collected as {@code user}
     * may have changed ({@code passwd} written or replaced), until the returned watch is closed.
     *
     * @throws IOException when the system refuses a watch (inotify's limits)
     */
    public AutoCloseable watchUserNames(Runnable changed) throws IOException {
        return AccountsWatch.start(root.etc(), changed);
    }

    private static Set<String> withStdinTty(Set<String> reads) {
        Set<String> out = new java.util.HashSet<>(reads);
        out.add("stdinTty");
        return out;
    }

    /** Whether the kernel, asked by this JVM, judges with the subject's credentials. */
    private boolean sameCredentials(ProcessInfo subject) {
        if (subject.pid() != null && subject.pid() == ProcessHandle.current().pid()) return true;
        try {
            ProcessInfo self = self();
            return subject.uid() != null && subject.uid().equals(self.uid()) && Objects.equals(subject.gid(), self.gid())
                    && subject.groups() != null && Set.copyOf(subject.groups()).equals(Set.copyOf(self.groups()))
                    && subject.capabilities() != null && subject.capabilities().equals(self.capabilities());
        } catch (IOException e) {
            return false;
        }
    }

    /** This JVM's credentials, read once: it never changes them. */
    private ProcessInfo self() throws IOException {
        ProcessInfo s = self;
        if (s == null) {
            s = processes.facts((int) ProcessHandle.current().pid(), Set.of());
            self = s;
        }
        return s;
    }

    private static <T> T pick(T given, T collected) {
        return given != null ? given : collected;
    }

    static ProcessInfo merge(ProcessInfo g, ProcessInfo c) {
        return new ProcessInfo(pick(g.pid(), c.pid()), pick(g.uid(), c.uid()), pick(g.gid(), c.gid()),
                pick(g.groups(), c.groups()), pick(g.user(), c.user()), pick(g.service(), c.service()),
                pick(g.exe(), c.exe()), pick(g.interpreter(), c.interpreter()), pick(g.parentExe(), c.parentExe()),
                pick(g.securebits(), c.securebits()), pick(g.capabilities(), c.capabilities()),
                pick(g.noNewPrivs(), c.noNewPrivs()), pick(g.lsmLabel(), c.lsmLabel()), pick(g.stdinTty(), c.stdinTty()),
                pick(g.inheritedFds(), c.inheritedFds()));
    }

    static FileInfo merge(FileInfo g, FileInfo c) {
        if (g == null) return c;
        MountInfo m = g.mount() == null ? c.mount() : c.mount() == null ? g.mount()
                : new MountInfo(pick(g.mount().point(), c.mount().point()), pick(g.mount().fstype(), c.mount().fstype()),
                        pick(g.mount().noexec(), c.mount().noexec()), pick(g.mount().nosuid(), c.mount().nosuid()),
                        pick(g.mount().ro(), c.mount().ro()));
        // the path is the name verified from the open file, or none: never the name the request gave
        return new FileInfo(c.path(), pick(g.type(), c.type()), pick(g.mode(), c.mode()),
                pick(g.uid(), c.uid()), pick(g.gid(), c.gid()), pick(g.dev(), c.dev()), pick(g.ino(), c.ino()),
                pick(g.size(), c.size()), pick(g.mtime(), c.mtime()), pick(g.ctime(), c.ctime()), m,
                pick(g.othersCanWrite(), c.othersCanWrite()), pick(g.sha256(), c.sha256()),
                pick(g.packageTrusted(), c.packageTrusted()), pick(g.ima(), c.ima()), pick(g.kernelCheck(), c.kernelCheck()));
    }
}
