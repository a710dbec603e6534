package dev.mayexec.collect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mayexec.engine.FileId;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.policy.Attribute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Collects a file's facts from one open descriptor: type, mode, owner and identity ({@code statx} of
 * the descriptor), its mount (by the mount id statx reports, never by a name), the kernel's verdict
 * ({@code execveat} on the descriptor), its IMA xattr, and, only when the policy reads them, its
 * sha256 and package trust, read from the same open file and cached by its version.
 *
 * <p>The file's {@code path} is a name under which this process itself reaches that very file
 * (same device and inode), found from the descriptor: the name the kernel shows for it, or, for a
 * file on another mount namespace's mount, the same directory of its filesystem through one of our
 * mounts. A name a client gives is never the path. A file with no such name (deleted, a memfd, a
 * mount only another namespace has) has no path, and a policy that reads paths refuses it.
 */
final class FileCollector {
    private static final int S_IFMT = 0170000;
    private static final int S_ISVTX = 01000;

    private final Path proc;
    private final MountTable mounts;
    private final Dpkg dpkg;
    private final Cache<FileId, String> sha256s = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<FileId, String> md5s = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<KernelKey, String> verdicts = Caffeine.newBuilder().maximumSize(10_000).build();

    FileCollector(SystemRoot root) {
        this.proc = root.proc();
        this.mounts = MountTable.watched(root.proc().resolve("self").resolve("mountinfo"));
        this.dpkg = new Dpkg(root.dpkgInfo());
    }

    /**
     * What a request needs beyond the cheap facts (type, mode, owner, identity, mount, path);
     * {@code names} and {@code mountPoints}: the policy reads the path or the mount point, so a file
     * without one is refused rather than judged without.
     */
    record Wanted(boolean sha256, boolean packageTrust, boolean kernelCheck, boolean names, boolean mountPoints,
            boolean othersCanWrite, boolean ima) {
        /** What a policy that reads {@code reads} (query fields) needs. */
        static Wanted of(Set<String> reads, boolean kernelCheck) {
            // no attribute reads `ima`: it is collected only for ALL (a request's facts shown in full)
            return new Wanted(reads(reads, Attribute.SHA256), reads(reads, Attribute.PACKAGE_TRUSTED), kernelCheck,
                    reads(reads, Attribute.PATH), reads(reads, Attribute.MOUNT), reads(reads, Attribute.OTHERS_CAN_WRITE), false);
        }

        private static boolean reads(Set<String> reads, Attribute a) {
            return reads.contains(a.field());
        }

        static final Wanted ALL = new Wanted(true, true, true, true, true, true, true);
    }

    /** The kernel's verdict depends on the file's version, its mount and its flags (our credentials never change). */
    private record KernelKey(FileId file, long mountId, MountInfo mount) {}

    /** Opens {@code name} as process {@code subject} would (or as this process, when null) and collects its facts. */
    FileInfo collect(Integer subject, String name, Wanted wanted) throws LiveFactsException, IOException {
        try (Descriptor d = Opener.open(subject, name)) {
            return collect(d, subject, wanted);
        }
    }

    /** Collects the facts of the open file {@code d}, which process {@code subject} (if known) holds or named. */
    FileInfo collect(Descriptor d, Integer subject, Wanted wanted) throws LiveFactsException, IOException {
        Kernel.Stat st = Kernel.fstat(d.fd());
        FileType type = type(st.rawMode());
        MountTable.Mount own = mounts.byId(st.mountId());
        MountTable.Mount theirs = own != null || subject == null ? null : subjectMounts(subject).byId(st.mountId());
        String shown = Kernel.readlink(d.procPath());
        if (shown == null) throw new IOException("cannot read the name of descriptor " + d.fd());
        boolean inDirectory = shown.startsWith("/"); // not "pipe:[…]", "socket:[…]", "anon_inode:[…]"
        String name = inDirectory && !shown.endsWith(" (deleted)") ? verifiedName(shown, st, own != null ? own : theirs) : null;
        if (inDirectory && name == null && wanted.names()) {
            throw new LiveFactsException("the file `" + shown + "` has no name in the daemon's view (deleted, or on a mount"
                    + " of another mount namespace), and the policy judges files by path");
        }
        MountInfo mount = own != null ? own.info() : theirs == null ? null : pointless(theirs.info());
        if (mount != null && mount.point() == null && wanted.mountPoints()) {
            throw new LiveFactsException("the mount of `" + shown + "` belongs to another mount namespace, and the policy"
                    + " judges files by mount point");
        }
        FileId id = new FileId(st.dev(), st.ino(), st.size(), st.mtime(), st.ctime());
        boolean regular = type == FileType.REGULAR;
        return new FileInfo(name, type, st.rawMode() & 07777, st.uid(), st.gid(), id.dev(), id.ino(), id.size(),
                id.mtime(), id.ctime(), mount,
                name == null || !wanted.othersCanWrite() ? null : othersCanWrite(name, st.uid()),
                wanted.sha256() && regular ? digest(sha256s, d, st, id, "SHA-256") : null,
                wanted.packageTrust() && regular && name != null
                        ? dpkg.trusted(names(name), () -> digest(md5s, d, st, id, "MD5")) : null,
                wanted.ima() ? Kernel.xattr(Path.of(d.procPath()), "security.ima").orElse(null) : null,
                wanted.kernelCheck() ? verdicts.get(new KernelKey(id, st.mountId(), mount), k -> Kernel.checkExec(d.fd())) : null);
    }

    private MountTable subjectMounts(int pid) {
        return new MountTable(proc.resolve(Integer.toString(pid)).resolve("mountinfo"));
    }

    /** Another namespace's mount point is a name its processes chose: keep the mount's flags, not its point. */
    private static MountInfo pointless(MountInfo m) {
        return new MountInfo(null, m.fstype(), m.noexec(), m.nosuid(), m.ro());
    }

    /**
     * The name under which this process reaches the file that {@code st} describes: the shown name
     * if it still leads to the same device and inode, else the same directory of the filesystem seen
     * through one of our mounts; null when neither does.
     */
    private String verifiedName(String shown, Kernel.Stat st, MountTable.Mount mount) throws IOException {
        if (leadsTo(shown, st)) return shown;
        if (mount == null) return null;
        for (String candidate : MountTable.translations(mount, shown, mounts.all())) {
            if (leadsTo(candidate, st)) return candidate;
        }
        return null;
    }

    private static boolean leadsTo(String name, Kernel.Stat st) {
        try {
            return Kernel.statx(Kernel.AT_FDCWD, name, 0).sameFile(st);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether anyone but root and the file's owner can change it: the file, or a directory above it,
     * is owned by someone else, or is group-writable (by a group other than root's) or
     * world-writable. A sticky directory (/tmp) does not count: others cannot replace entries there.
     */
    static boolean othersCanWrite(String canonical, int owner) throws IOException {
        for (String p = canonical; p != null; p = parent(p)) {
            Kernel.Stat st = Kernel.statx(Kernel.AT_FDCWD, p, Kernel.AT_SYMLINK_NOFOLLOW);
            int mode = st.rawMode();
            boolean sticky = !p.equals(canonical) && (mode & S_ISVTX) != 0;
            if (st.uid() != 0 && st.uid() != owner) return true;
            if (!sticky && ((mode & 0002) != 0 || ((mode & 0020) != 0 && st.gid() != 0))) return true;
        }
        return false;
    }

    private static String parent(String path) {
        if (path.equals("/")) return null;
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /**
     * A digest of the open file's content, cached by its version. It is read from the descriptor, and
     * cached only if the file is still that version afterwards: a file changed while it was read
     * is refused, so that no digest is ever filed under a version whose content it is not.
     */
    private static String digest(Cache<FileId, String> cache, Descriptor d, Kernel.Stat before, FileId id, String algorithm)
            throws IOException, LiveFactsException {
        String known = cache.getIfPresent(id);
        if (known != null) return known;
        String digest = Digests.hex(Path.of(d.procPath()), algorithm);
        if (!Kernel.fstat(d.fd()).sameVersion(before)) {
            throw new LiveFactsException("the file changed while its " + algorithm + " was computed");
        }
        cache.put(id, digest);
        return digest;
    }

    /** dpkg lists files under the names packages ship; with merged /usr, /bin/sh is /usr/bin/dash. */
    private static List<String> names(String canonical) {
        List<String> out = new ArrayList<>();
        out.add(canonical);
        if (canonical.startsWith("/usr/")) out.add(canonical.substring(4));
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
}
