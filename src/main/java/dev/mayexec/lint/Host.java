package dev.mayexec.lint;

import dev.mayexec.policy.PathPattern;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the host-aware checks know of the target machine, read below {@code root} ({@code /} for
 * this machine, or a mounted image of the target): users and uids from {@code etc/passwd}, gids
 * from {@code etc/group}, systemd units from their directories, which executables exist, and
 * which paths someone other than root can write (group- or world-writable).
 */
public final class Host {
    /** Where systemd looks for unit files, system-wide. */
    static final List<String> UNIT_DIRS = List.of("etc/systemd/system", "run/systemd/system", "lib/systemd/system",
            "usr/lib/systemd/system", "usr/local/lib/systemd/system");
    /** How many entries a scan for writable paths below one directory reads at most. */
    private static final int MAX_SCAN = 20_000;
    private static final Set<PosixFilePermission> WRITABLE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path root;
    private final Map<String, Integer> passwd;
    private final Set<Integer> gids;
    private final Set<String> units;

    private Host(Path root, Map<String, Integer> passwd, Set<Integer> gids, Set<String> units) {
        this.root = root;
        this.passwd = Map.copyOf(passwd);
        this.gids = Set.copyOf(gids);
        this.units = Set.copyOf(units);
    }

    /**
     * Reads the host below {@code root}.
     *
     * @throws IOException when {@code root} is not a directory or its passwd or group file cannot be read
     */
    public static Host at(Path root) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("host root `" + root + "` is not a directory");
        Map<String, Integer> passwd = new HashMap<>();
        for (String[] f : colonFile(root.resolve("etc/passwd"))) {
            if (f.length > 2 && f[2].matches("[0-9]{1,10}")) passwd.put(f[0], (int) Math.min(Long.parseLong(f[2]), Integer.MAX_VALUE));
        }
        Set<Integer> gids = new HashSet<>();
        for (String[] f : colonFile(root.resolve("etc/group"))) {
            if (f.length > 2 && f[2].matches("[0-9]{1,9}")) gids.add(Integer.parseInt(f[2]));
        }
        Set<String> units = new HashSet<>();
        for (String dir : UNIT_DIRS) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.forEach(p -> units.add(p.getFileName().toString()));
            }
        }
        return new Host(root, passwd, gids, units);
    }

    private static List<String[]> colonFile(Path p) throws IOException {
        if (!Files.isRegularFile(p)) throw new IOException("`" + p + "` is missing");
        return Files.readAllLines(p).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1)).toList();
    }

    public Path root() {
        return root;
    }

    /** User names and their uids. */
    public Map<String, Integer> passwd() {
        return passwd;
    }

    public boolean hasGroup(int gid) {
        return gids.contains(gid);
    }

    /** Whether a unit file exists for {@code unit}; {@code getty@tty1.service} is found as {@code getty@.service}. */
    public boolean hasUnit(String unit) {
        if (units.contains(unit)) return true;
        int at = unit.indexOf('@');
        int dot = unit.lastIndexOf('.');
        return at > 0 && dot > at && units.contains(unit.substring(0, at + 1) + unit.substring(dot));
    }

    /** Returns where an absolute path of the target lies on this machine. */
    Path local(String path) {
        return root.resolve(path.substring(1));
    }

    /** Whether some file matches the pattern: an exact path exists, a directory has entries, a glob matches one. */
    public boolean hasMatch(PathPattern p) throws IOException {
        return switch (p) {
            case PathPattern.Exact e -> Files.exists(local(e.path()));
            case PathPattern.Under u -> Files.isDirectory(local(u.dir()));
            case PathPattern.Glob g -> {
                String base = literalDir(g.glob());
                Path start = local(base);
                if (!Files.isDirectory(start)) yield false;
                try (Stream<Path> s = Files.walk(start).limit(MAX_SCAN)) {
                    yield s.anyMatch(f -> g.matches("/" + root.relativize(f).toString().replace('\\', '/')));
                }
            }
        };
    }

    /** The longest directory of a glob that holds no wildcard. */
    static String literalDir(String glob) {
        int wild = glob.length();
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*' || glob.charAt(i) == '?') {
                wild = i;
                break;
            }
        }
        int slash = glob.lastIndexOf('/', wild);
        return slash <= 0 ? "/" : glob.substring(0, slash);
    }

    /**
     * Returns the paths below or above {@code dirs} that the host shows as group- or world-writable:
     * a writable directory as {@code under} it, a writable file as itself. The root directory itself
     * is taken to be root's.
     */
    public List<PathPattern> writable(Set<String> dirs) throws IOException {
        Set<PathPattern> out = new java.util.LinkedHashSet<>();
        for (String dir : dirs) {
            for (String a = dir; !a.equals("/"); a = parent(a)) {
                if (isWritable(local(a))) addWritable(out, a, Files.isDirectory(local(a), LinkOption.NOFOLLOW_LINKS));
            }
            Path start = local(dir);
            if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) continue;
            int[] seen = {0};
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    visit(d, true);
                    return ++seen[0] > MAX_SCAN ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) visit(f, false);
                    return ++seen[0] > MAX_SCAN ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: nothing to report about it
                }

                private void visit(Path p, boolean isDir) throws IOException {
                    if (isWritable(p)) addWritable(out, "/" + root.relativize(p).toString(), isDir);
                }
            });
        }
        return List.copyOf(out);
    }

    /** A writable directory exposes what lies below it (its own path only if its parent is writable too). */
    private static void addWritable(Set<PathPattern> out, String path, boolean isDir) {
        out.add(isDir ? new PathPattern.Under(path) : new PathPattern.Exact(path));
    }

    private static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }

    private static boolean isWritable(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) return false;
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return perms.stream().anyMatch(WRITABLE::contains);
    }

    /** For messages: the file under the root that a fact came from. */
    public String describe(String file) {
        return root.resolve(file).toString();
    }

    @Override
    public String toString() {
        return "host " + root + " (" + passwd.size() + " users, " + gids.size() + " groups, " + units.size() + " units)";
    }
}
