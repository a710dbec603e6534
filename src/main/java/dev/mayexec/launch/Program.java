package dev.mayexec.launch;

import dev.mayexec.profile.Disk;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The program a launch runs: {@code argv[0]} found as execvp(3) finds it (a name with a {@code /} as
 * it is, from the working directory; any other on the caller's {@code PATH}), opened
 * {@code O_PATH | O_CLOEXEC} once. From then on the program is {@code fd}: its facts are read from
 * it, and it is what is executed. {@code name} is the absolute name it was found under (the name the
 * classifier gives the script's part), {@code script} whether it starts with {@code #!}.
 */
record Program(String name, int fd, boolean script) {
    /** execvp(3)'s and env(1)'s search path when the environment has none (the classifier's too). */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static Program open(String argv0, Map<String, String> env, Path cwd) throws LaunchException {
        String name = find(argv0, env, cwd).orElseThrow(() -> new LaunchException("`" + argv0 + "`: not found on PATH",
                "give the program's path, or add its directory to PATH", Launcher.NOT_FOUND));
        int fd = Native.open(name, Native.O_PATH | Native.O_CLOEXEC);
        if (fd < 0) {
            throw new LaunchException("cannot open `" + name + "`: " + Native.errno(-fd), null,
                    -fd == Native.ENOENT ? Launcher.NOT_FOUND : Launcher.CANNOT_EXECUTE);
        }
        return of(name, fd);
    }

    /** The program open as {@code fd}, found as {@code name}: a script when it starts with {@code #!}. */
    static Program of(String name, int fd) {
        byte[] head = Native.head(fd, 2);
        return new Program(name, fd, head.length == 2 && head[0] == '#' && head[1] == '!');
    }

    private static Optional<String> find(String argv0, Map<String, String> env, Path cwd) {
        if (argv0.isEmpty()) return Optional.empty();
        if (argv0.contains("/")) return Optional.of(absolute(cwd, argv0));
        for (String dir : env.getOrDefault("PATH", DEFAULT_PATH).split(":", -1)) {
            String candidate = absolute(cwd, (dir.isEmpty() ? "." : dir) + "/" + argv0); // empty: the working directory
            try {
                Path p = Path.of(candidate);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(candidate);
            } catch (InvalidPathException e) {
                // a name Java cannot form is no candidate
            }
        }
        return Optional.empty();
    }

    /** The absolute, normalised name, {@code ..} resolved by name as the classifier does. */
    private static String absolute(Path cwd, String name) {
        return cwd.resolve(name).normalize().toString();
    }

    /**
     * The disk the classifier reads: the program's {@code #!} line from the open file itself, never
     * from its name again; every other file from this machine.
     */
    Disk disk() {
        Disk system = Disk.system();
        return new Disk() {
            @Override
            public Optional<byte[]> head(String path, int max) {
                if (!path.equals(name)) return system.head(path, max);
                byte[] b = Native.head(fd, max);
                return b.length == 0 ? Optional.empty() : Optional.of(b);
            }

            @Override
            public boolean isFile(String path) {
                return path.equals(name) || system.isFile(path);
            }

            @Override
            public boolean isExecutable(String path) {
                return path.equals(name) || system.isExecutable(path);
            }
        };
    }
}
