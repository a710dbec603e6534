package dev.mayexec.collect;

import java.nio.file.Path;

/**
 * Where the collectors read the system: {@code /proc}, {@code /etc} (passwd, group) and dpkg's
 * database. Tests point them at a fake tree; {@link #live()} is the running system.
 */
public record SystemRoot(Path proc, Path etc, Path dpkgInfo) {

    public static SystemRoot live() {
        return new SystemRoot(Path.of("/proc"), Path.of("/etc"), Path.of("/var/lib/dpkg/info"));
    }
}
