package dev.mayexec.collect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mayexec.engine.FileId;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects a file's facts: its canonical path (symlinks resolved, as the kernel resolves them), type,
 * mode, owner, identity (dev, ino, size, mtime, ctime), its mount, whether anyone but root and its
 * owner can change it, its IMA xattr, and, only when the policy reads them, its sha256 (cached by
 * identity) and its package trust.
 */
final class FileCollector {
    private static final int S_IFMT = 0170000;
    private static final int S_ISVTX = 01000;

    private final MountTable mounts;
    private final Dpkg dpkg;
    private final Cache<FileId, String> digests = Caffeine.newBuilder().maximumSize(10_000).build();

    FileCollector(SystemRoot root) {
        this.mounts = new MountTable(root.proc().resolve("self").resolve("mountinfo"));
        this.dpkg = new Dpkg(root.dpkgInfo());
    }

    /** What a request needs beyond the cheap facts. */
    record Wanted(boolean sha256, boolean packageTrust, boolean kernelCheck) {}

    /**
     * Collects the facts of {@code path}, or of what {@code fd} (a {@code /proc/PID/fd/N} link) is.
     * A descriptor that is not a file in a directory (a pipe, a socket) has no path and no mount.
     */
    FileInfo collect(Path path, Wanted wanted) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,dev,ino,size,lastModifiedTime,ctime");
        int rawMode = (Integer) a.get("mode");
        FileType type = type(rawMode);
        Path canonical = canonical(path);
        String canonicalText = canonical == null ? null : canonical.toString();
        FileId id = new FileId((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")));
        int owner = (Integer) a.get("uid");
        MountInfo mount = canonical == null ? null : mounts.lookup(canonicalText);
        return new FileInfo(canonicalText, type, rawMode & 07777, owner, (Integer) a.get("gid"), id.dev(), id.ino(),
                id.size(), id.mtime(), id.ctime(), mount,
                canonical == null ? null : othersCanWrite(canonical, owner),
                wanted.sha256() && type == FileType.REGULAR ? sha256(path, id) : null,
                wanted.packageTrust() && canonical != null && type == FileType.REGULAR
                        ? dpkg.trusted(canonical, names(path, canonical)) : null,
                canonical == null ? null : Kernel.xattr(canonical, "security.ima").orElse(null),
                wanted.kernelCheck() ? Kernel.checkExec(path) : null);
    }

    /** The resolved path, or null for what has none (a pipe or socket behind a /proc fd link). */
    private static Path canonical(Path path) throws IOException {
        if (path.startsWith("/proc") && Files.isSymbolicLink(path)) {
            Path target = Files.readSymbolicLink(path);
            if (!target.isAbsolute()) return null; // "pipe:[1234]", "socket:[…]"
        }
        return path.toRealPath();
    }

    /**
     * Whether anyone but root and the file's owner can change it: the file, or a directory above it,
     * is owned by someone else, or is group-writable (by a group other than root's) or
     * world-writable. A sticky directory (/tmp) does not count: others cannot replace entries there.
     */
    static boolean othersCanWrite(Path canonical, int owner) throws IOException {
        for (Path p = canonical; p != null; p = p.getParent()) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            boolean sticky = !p.equals(canonical) && (mode & S_ISVTX) != 0;
            if (uid != 0 && uid != owner) return true;
            if (!sticky && ((mode & 0002) != 0 || ((mode & 0020) != 0 && gid != 0))) return true;
        }
        return false;
    }

    private String sha256(Path path, FileId id) {
        return digests.get(id, k -> {
            try {
                return Digests.hex(path, "SHA-256");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** dpkg lists files under the names packages ship; with merged /usr, /bin/sh is /usr/bin/dash. */
    private static List<String> names(Path given, Path canonical) {
        List<String> out = new ArrayList<>();
        out.add(canonical.toString());
        if (given.isAbsolute() && !given.toString().startsWith("/proc/")) out.add(given.normalize().toString());
        String c = canonical.toString();
        if (c.startsWith("/usr/")) out.add(c.substring(4));
        return out;
    }

    private static FileType type(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> FileType.REGULAR;
            case 0040000 -> FileType.DIRECTORY;
            case 0120000 -> FileType.SYMLINK;
            case 0010000 -> FileType.FIFO;
            case 0140000 -> FileType.SOCKET;
            case 0020000 -> FileType.CHAR;
            case 0060000 -> FileType.BLOCK;
            default -> null;
        };
    }

    private static long nanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
