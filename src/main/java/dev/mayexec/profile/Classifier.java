package dev.mayexec.profile;

import dev.mayexec.diag.Suggest;
import dev.mayexec.policy.ProfileRef;
import dev.mayexec.policy.Syntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an invocation into the requests it amounts to (docs/PROFILES.md). First it finds the
 * interpreter that really runs: the process's executable when it is known; otherwise {@code argv[0]}
 * as the kernel would run it, following {@code #!} lines and {@code env}. A {@code #!} line only says
 * what the kernel starts; the profile is always the one of the executable that runs, never one that
 * a file claims. Then the interpreter's arguments and environment are read with its profile.
 *
 * <p>Pure but for the {@link Disk}: it reads {@code #!} lines and looks for files on PATH and for
 * modules. Thread-safe.
 */
public final class Classifier {
    /** Linux runs at most this many nested {@code #!} interpreters (BINPRM_MAX_RECURSION); so do we. */
    static final int MAX_INTERPRETERS = 4;
    /** env(1) starts a fresh execve, which the kernel does not count; this bounds chains of them. */
    static final int MAX_ENV = 16;

    private final Profiles profiles;
    private final Disk disk;

    public Classifier(Profiles profiles, Disk disk) {
        this.profiles = profiles;
        this.disk = disk;
    }

    /** The program an invocation runs, once found: its profile, its path when known, its argv and environment. */
    private record Program(Profile profile, String exe, List<String> argv, Map<String, String> env, String cwd) {}

    public Classification classify(Invocation inv) {
        if (inv.argv().isEmpty()) {
            return new Classification.Refused("profile.no-argv", "the invocation has no argv, not even argv[0]");
        }
        try {
            Program p = program(inv);
            if (p == null) return new Classification.Parts(null, null, List.of()); // env without a command
            Syntax syntax = p.profile().syntax();
            List<String> args = p.argv().subList(1, p.argv().size());
            if (syntax != null && !syntax.applets().isEmpty()) {
                String applet = Locations.command(p.argv().getFirst());
                if (!syntax.applets().containsKey(applet)) { // `busybox ash …` rather than `ash …` through a link
                    if (args.isEmpty()) return new Classification.Parts(p.profile().name(), p.exe(), List.of());
                    applet = args.getFirst();
                    args = args.subList(1, args.size());
                }
                syntax = applet(p.profile(), applet);
            }
            if (syntax == null) {
                throw new ArgvParser.Refusal("profile.no-syntax", "interpreter profile `" + p.profile().name() + "` ("
                        + p.profile().file() + ") does not say how its invocations map to channels: add its options"
                        + " (docs/PROFILES.md) or borrow another profile's with `syntax: NAME`");
            }
            List<Part> parts = new ArgvParser(syntax, args, p.env(), p.cwd(), inv.stdinTty(), inv.stdinPath(), disk).parse();
            return new Classification.Parts(p.profile().name(), p.exe(), parts);
        } catch (ArgvParser.Refusal r) {
            return new Classification.Refused(r.code, r.getMessage());
        }
    }

    private Syntax applet(Profile multiCall, String applet) throws ArgvParser.Refusal {
        ProfileRef ref = multiCall.syntax().applets().get(applet);
        if (ref == null) {
            throw unknown("`" + multiCall.name() + " " + applet + "` runs an applet that no profile describes"
                    + " (known applets: " + String.join(", ", multiCall.syntax().applets().keySet()) + ")");
        }
        return profiles.byName(ref.name()).map(Profile::syntax).orElse(null);
    }

    /** Finds what runs; {@code null} when nothing does ({@code env} alone prints the environment). */
    private Program program(Invocation inv) throws ArgvParser.Refusal {
        if (inv.exe() != null) {
            if (EnvCommand.PATHS.contains(inv.exe())) {
                return launch(inv.argv(), new LinkedHashMap<>(inv.env()), inv.cwd(), 0);
            }
            Profile p = profiles.byExecutable(inv.exe()).orElseThrow(() -> unknown("`" + inv.exe()
                    + "` matches no interpreter profile, so which of its arguments are code cannot be told"));
            return new Program(p, inv.exe(), inv.argv(), inv.env(), inv.cwd());
        }
        if (inv.profile() != null) {
            Profile p = profiles.byName(inv.profile()).orElseThrow(() -> new ArgvParser.Refusal("profile.unknown-profile",
                    "no interpreter profile is named `" + inv.profile() + "`; "
                            + Suggest.help(inv.profile(), profiles.names())));
            return new Program(p, null, inv.argv(), inv.env(), inv.cwd());
        }
        return run(inv.argv(), new LinkedHashMap<>(inv.env()), inv.cwd(), false, 0, 0);
    }

    /**
     * Runs {@code argv} as execve(2) would ({@code asPath}: argv[0] is a path, as in a {@code #!} line)
     * or as a shell's execvp(3) does (a name without {@code /} is looked up on PATH).
     */
    private Program run(List<String> argv, Map<String, String> env, String cwd, boolean asPath, int depth, int envs)
            throws ArgvParser.Refusal {
        String a0 = argv.getFirst();
        String path;
        if (asPath || a0.contains("/")) {
            path = Locations.absolute(cwd, a0);
            if (path == null) {
                throw new ArgvParser.Refusal("profile.no-cwd", "`" + a0 + "` is a relative path and the working"
                        + " directory is unknown; give `cwd`");
            }
        } else {
            path = Locations.lookPath(a0, env, cwd, disk::isExecutable).orElse(null);
            if (path == null) return byName(argv, env, cwd, envs);
        }
        if (EnvCommand.PATHS.contains(path)) return launch(argv, env, cwd, envs);
        Optional<Profile> p = profiles.byExecutable(path);
        if (p.isPresent()) return new Program(p.get(), path, argv, env, cwd);
        Optional<byte[]> head = disk.head(path, Shebang.BUFFER);
        if (head.isEmpty()) {
            throw unknown("`" + path + "` matches no interpreter profile and cannot be read for a `#!` line");
        }
        Shebang sb;
        try {
            sb = Shebang.parse(head.get()).orElseThrow(() -> unknown("`" + path + "` matches no interpreter profile"
                    + " and is no script (it has no `#!` line)"));
        } catch (IllegalArgumentException e) {
            throw new ArgvParser.Refusal("profile.bad-shebang", "`" + path + "`: " + e.getMessage());
        }
        if (depth + 1 > MAX_INTERPRETERS) {
            throw new ArgvParser.Refusal("profile.shebang-loop", "`" + path + "` is the " + (depth + 1)
                    + "th script in a chain of `#!` interpreters; Linux stops at " + MAX_INTERPRETERS);
        }
        List<String> next = new ArrayList<>();
        next.add(sb.interpreter());
        if (sb.argument() != null) next.add(sb.argument());
        next.add(a0.contains("/") ? a0 : path); // the kernel passes the script as execve got it
        next.addAll(argv.subList(1, argv.size()));
        return run(next, env, cwd, true, depth + 1, envs);
    }

    /** A name not found on PATH: the profile with an executable of that name, for offline classification. */
    private Program byName(List<String> argv, Map<String, String> env, String cwd, int envs)
            throws ArgvParser.Refusal {
        String name = Locations.command(argv.getFirst());
        if (name.equals("env")) return launch(argv, env, cwd, envs);
        Profile p = profiles.byCommand(name).orElseThrow(() -> unknown("`" + name + "` is not on PATH and names no"
                + " interpreter profile's executable"));
        return new Program(p, null, argv, env, cwd);
    }

    /** env(1) runs its command with a fresh execve, so the kernel's count of nested interpreters starts again. */
    private Program launch(List<String> argv, Map<String, String> env, String cwd, int envs)
            throws ArgvParser.Refusal {
        if (envs >= MAX_ENV) {
            throw new ArgvParser.Refusal("profile.bad-env", "more than " + MAX_ENV + " env commands in a chain");
        }
        EnvCommand.Result r;
        try {
            r = EnvCommand.apply(argv.subList(1, argv.size()), env, cwd);
        } catch (IllegalArgumentException e) {
            throw new ArgvParser.Refusal("profile.bad-env", e.getMessage());
        }
        return r.command().isEmpty() ? null
                : run(r.command(), new LinkedHashMap<>(r.env()), r.cwd(), false, 0, envs + 1);
    }

    private static ArgvParser.Refusal unknown(String message) {
        return new ArgvParser.Refusal("profile.unknown-interpreter", message);
    }
}
