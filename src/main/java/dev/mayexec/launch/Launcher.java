package dev.mayexec.launch;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.collect.Descriptor;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.collect.LiveFactsException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.profile.Classification;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mayexec run}: the enforcement point at the moment a program starts (docs/LAUNCH.md). In
 * order: find and open the program; decide the invocation for this process as the exec will leave
 * it; on a deny, exit 126 with the reasons; otherwise set what the policy's {@code launch:} blocks
 * demand (securebits, no_new_privs, the descriptors that pass), put back the caller's signal state
 * and RLIMIT_NOFILE, and exec the very descriptor that was judged, with the caller's environment.
 */
public final class Launcher {
    /** The program was not run: denied, or the launch could not be prepared (as a shell's "cannot execute"). */
    public static final int CANNOT_EXECUTE = 126;
    /** The program was not found (as a shell's "command not found"). */
    public static final int NOT_FOUND = 127;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;

    private final PrintWriter err;

    private Launcher(PrintWriter err) {
        this.err = err;
    }

    /**
     * Runs {@code argv} under the policy of {@code mx}. Returns only when the program was not run
     * (its exit code: 126 or 127), having said why on {@code err}.
     */
    public static int run(Decider mx, List<String> argv, PrintWriter err) {
        return run(mx, null, argv, err);
    }

    /**
     * Runs {@code argv} as the daemon on {@code socket} decides, sending it the open program. Returns
     * only when the program was not run (126 or 127), having said why on {@code err}.
     */
    public static int run(Path socket, List<String> argv, PrintWriter err) {
        return run(null, socket, argv, err);
    }

    private static int run(Decider mx, Path socket, List<String> argv, PrintWriter err) {
        Launcher l = new Launcher(err);
        try {
            return l.launch(mx, socket, argv);
        } catch (LaunchException e) {
            l.say(e.getMessage());
            if (e.help() != null) l.say("help: " + e.help());
            return e.exitCode();
        } catch (RuntimeException bug) {
            // a defect of ours: nothing ran, and the caller is told so as for any launch that failed
            l.say("internal error, nothing was run: " + bug);
            return CANNOT_EXECUTE;
        }
    }

    /** Decides with {@code mx}, or with the daemon on {@code socket} when {@code mx} is null. */
    private int launch(Decider mx, Path socket, List<String> argv) throws LaunchException {
        CallerState caller = CallerState.captured();
        List<byte[]> rawArgv = rawArgv(argv.size());
        Map<String, String> env = caller.envMap();
        Path cwd = cwd();
        Program program = Program.open(argv.getFirst(), env, cwd);
        Judged judged;
        if (mx != null) {
            Descriptor object = Descriptor.adopt(program.fd()); // never closed: it is what the exec runs
            judged = judge(mx.withDisk(program.disk()), LiveFacts.system(), (int) ProcessHandle.current().pid(),
                    Math.max(Native.securebits(), 0), program, object, argv, env, cwd.toString());
        } else {
            judged = DaemonLaunch.ask(socket, program, argv, env);
        }
        Decision d = judged.decision();
        if (d.decision() == Decision.Outcome.DENY) {
            say((d.enforced() ? "denied: " : "audit: would deny: ") + String.join(" ", argv));
            for (Reason r : d.reasons()) say(explain(r));
            say("decision " + judged.line());
            if (d.enforced()) return CANNOT_EXECUTE;
        }
        prepare(judged.plan(), judged.fds(), program, caller);
        int rc = Native.execveat(program.fd(), rawArgv, caller.env());
        throw new LaunchException("cannot execute `" + program.name() + "`: " + Native.errno(-rc)
                + (-rc == Native.ENOENT && program.script() ? " (its `#!` interpreter was not found)" : ""), null);
    }

    /**
     * The decision, its JSON line (as {@code decide} prints it), the plan it was made with, and the
     * descriptors above 2 that will pass (those the plan declares that the process holds).
     */
    record Judged(Decision decision, String line, LaunchPlan plan, List<Integer> fds) {}

    /**
     * Decides the launch of {@code program} (found as {@code program.name()}, open as {@code object})
     * by process {@code pid}, for that process as the exec will leave it: the securebits ({@code
     * current} and the plan's) and descriptors the plan gives it, and the executable that will run
     * (the program itself, or for a script the interpreter its {@code #!} line names, which the
     * classifier finds). {@code mx} reads the program's {@code #!} line from {@code object}.
     */
    static Judged judge(Decider mx, LiveFacts live, int pid, int current, Program program, Descriptor object,
            List<String> argv, Map<String, String> env, String cwd) throws LaunchException {
        ProcessInfo asked = new ProcessInfo(pid, null, null, null, null, null, null, null, null, null, null, null, null, null);
        List<String> classified = new ArrayList<>(argv);
        String exe = null;
        if (program.script()) {
            classified.set(0, program.name()); // the classifier reads the #! line of this name from the descriptor
        } else {
            exe = verifiedName(live, asked, object, program);
        }
        ProcessInfo me;
        try {
            me = mx.completeProcess(Request.invocation(asked, argv, env, cwd, null), live).process();
        } catch (LiveFactsException e) {
            throw new LaunchException("cannot collect the facts of process " + pid + ": " + e.getMessage(), null);
        }
        ProcessInfo before = as(me, exe, me.securebits(), me.noNewPrivs(), null);
        String profile = mx.classify(Request.invocation(before, classified, env, cwd, null)) instanceof Classification.Parts c
                ? c.profile() : null;
        LaunchPlan plan = LaunchPlan.of(mx.policy(), before, profile);
        List<Integer> fds = passing(plan, env, pid);
        ProcessInfo after = as(me, exe, plan.securebitsAfter(current),
                plan.noNewPrivs() || Boolean.TRUE.equals(me.noNewPrivs()), fds);
        Decision d = mx.decideLaunch(Request.invocation(after, classified, env, cwd, null), live, program.name(), object);
        return new Judged(d, DecisionJson.write(d), plan, fds);
    }

    private static ProcessInfo as(ProcessInfo p, String exe, Set<Securebit> bits, Boolean nnp, List<Integer> fds) {
        return new ProcessInfo(p.pid(), p.uid(), p.gid(), p.groups(), p.user(), p.service(), exe, null, p.parentExe(), bits,
                p.capabilities(), nnp, p.lsmLabel(), p.stdinTty(), fds);
    }

    /** The name under which the open program is verified to be reached (the executable after the exec). */
    private static String verifiedName(LiveFacts live, ProcessInfo asked, Descriptor object, Program program)
            throws LaunchException {
        try {
            FileInfo f = live.complete(Request.of(Channel.FILE, asked, null), Set.of("path"), object).file();
            if (f != null && f.path() != null) return f.path();
        } catch (LiveFactsException e) {
            throw new LaunchException("cannot collect the facts of `" + program.name() + "`: " + e.getMessage(), null);
        }
        throw new LaunchException("`" + program.name() + "` has no name this process can verify (deleted, or on a mount"
                + " of another namespace)", null);
    }

    /**
     * The descriptors above 2 that will pass: those the plan declares that process {@code pid} holds,
     * and systemd's when declared.
     */
    static List<Integer> passing(LaunchPlan plan, Map<String, String> env, long pid) {
        List<Integer> out = new ArrayList<>();
        for (int fd : plan.fds()) {
            if (Files.exists(Path.of("/proc/" + pid + "/fd/" + fd), java.nio.file.LinkOption.NOFOLLOW_LINKS)) out.add(fd);
        }
        if (plan.listenFds()) {
            for (int fd : listenFds(env, pid)) if (!out.contains(fd)) out.add(fd);
        }
        out.sort(null);
        return out;
    }

    /** systemd's socket-activation descriptors (3 up to 3 + LISTEN_FDS), when LISTEN_PID names process {@code pid}. */
    private static List<Integer> listenFds(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String n = env.get("LISTEN_FDS");
        if (listenPid == null || n == null || !listenPid.equals(Long.toString(pid)) || !n.matches("[0-9]{1,4}")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(n); i++) out.add(3 + i);
        return out;
    }

    /**
     * Makes this process what the plan and the caller say, in the thread that will exec (securebits,
     * no_new_privs and the signal mask are per thread). The securebits come before anything that
     * cannot be undone by a failed exec matters; a refusal stops the launch.
     */
    private void prepare(LaunchPlan plan, List<Integer> passing, Program program, CallerState caller) throws LaunchException {
        if (!plan.securebits().isEmpty()) {
            int current = Native.securebits();
            // a call that changes nothing is refused without CAP_SETPCAP ("for legacy reasons"): skip it
            int rc = current < 0 ? current : plan.securebitsValue(current) == current ? 0
                    : Native.setSecurebits(plan.securebitsValue(current));
            if (rc < 0) {
                throw new LaunchException("cannot set the securebits " + plan.securebits().stream().map(Securebit::id).sorted()
                        .toList() + " that " + String.join(", ", plan.from()) + " demand: " + Native.errno(-rc)
                        + (-rc == Native.EPERM ? " (this process's securebits are " + String.format("%#x", current)
                                + ": a bit locked at 0 by the caller cannot be set)" : ""),
                        "start mayexec run from a process that has not locked these securebits off");
            }
        }
        if (plan.noNewPrivs()) {
            int rc = Native.setNoNewPrivs();
            if (rc < 0) throw new LaunchException("cannot set no_new_privs: " + Native.errno(-rc), null);
        }
        if (Native.closeOnExecFrom3() < 0) throw new LaunchException("close_range failed: descriptors would leak", null);
        List<Integer> keep = new ArrayList<>(passing);
        if (program.script()) keep.add(program.fd()); // the kernel hands the interpreter /dev/fd/N (docs/LAUNCH.md)
        for (int fd : keep) {
            int rc = Native.keepOpen(fd);
            if (rc < 0) throw new LaunchException("cannot pass descriptor " + fd + ": " + Native.errno(-rc), null);
        }
        int rc = Native.setNofileSoft(caller.nofileSoft());
        if (rc < 0) throw new LaunchException("cannot restore RLIMIT_NOFILE: " + Native.errno(-rc), null);
        long ignoredNow = ignoredNow();
        for (int sig = 1; sig <= 64; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP) continue;
            long bit = 1L << (sig - 1);
            boolean want = (caller.ignored() & bit) != 0;
            if (want != ((ignoredNow & bit) != 0) && Native.setIgnored(sig, want) < 0) {
                throw new LaunchException("cannot restore the disposition of signal " + sig, null);
            }
        }
        if (Native.setSignalMask(caller.blocked()) < 0) throw new LaunchException("cannot restore the signal mask", null);
    }

    /** The signals this process ignores now ({@code SigIgn}). */
    private static long ignoredNow() throws LaunchException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            throw new LaunchException("cannot read this process's signal dispositions: " + e.getMessage(), null);
        }
        throw new LaunchException("/proc/self/status has no SigIgn line", null);
    }

    /**
     * The program's argv as the caller's bytes: the last {@code n} words of this process's command
     * line (Java decodes its arguments with the locale's charset, which may not round-trip).
     */
    private static List<byte[]> rawArgv(int n) throws LaunchException {
        byte[] all;
        try {
            all = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException e) {
            throw new LaunchException("cannot read this process's command line: " + e.getMessage(), null);
        }
        List<byte[]> words = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == 0) {
                words.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (words.size() < n) throw new LaunchException("this process's command line is shorter than the program's argv", null);
        return List.copyOf(words.subList(words.size() - n, words.size()));
    }

    private static Path cwd() throws LaunchException {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/cwd"));
        } catch (IOException e) {
            throw new LaunchException("cannot read the working directory: " + e.getMessage(), null);
        }
    }

    static String explain(Reason r) {
        String where = (r.rule() == null ? "" : " (rule `" + r.rule() + "`")
                + (r.source() == null ? "" : (r.rule() == null ? " (" : " ") + "at " + r.source())
                + (r.rule() == null && r.source() == null ? "" : ")");
        return "  " + r.code() + ": " + r.message() + where;
    }

    private void say(String line) {
        err.println("mayexec run: " + line);
        err.flush();
    }
}
