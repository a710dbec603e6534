package dev.mayexec.facts;

/**
 * Facts about the object of a request: the file (for the file channels), or what descriptor 0 is
 * (for {@code stdin}). Every field may be unknown ({@code null}). {@code mode} holds the permission
 * bits (07777). {@code kernelCheck} is the kernel's own verdict when the caller gives it:
 * {@code allow}, {@code deny} or an errno name, which counts as deny.
 */
public record FileInfo(
        String path,
        FileType type,
        Integer mode,
        Integer uid,
        Integer gid,
        Long dev,
        Long ino,
        Long size,
        Long mtime,
        Long ctime,
        MountInfo mount,
        Boolean othersCanWrite,
        String sha256,
        Boolean packageTrusted,
        String ima,
        String kernelCheck) {
    // Written out: the generated record methods do not inline at this many components, and these
    // records are hashed on every decision (cache keys).
    @Override
    public int hashCode() {
        int h = 1;
        h = 31 * h + java.util.Objects.hashCode(path);
        h = 31 * h + java.util.Objects.hashCode(type);
        h = 31 * h + java.util.Objects.hashCode(mode);
        h = 31 * h + java.util.Objects.hashCode(uid);
        h = 31 * h + java.util.Objects.hashCode(gid);
        h = 31 * h + java.util.Objects.hashCode(dev);
        h = 31 * h + java.util.Objects.hashCode(ino);
        h = 31 * h + java.util.Objects.hashCode(size);
        h = 31 * h + java.util.Objects.hashCode(mtime);
        h = 31 * h + java.util.Objects.hashCode(ctime);
        h = 31 * h + java.util.Objects.hashCode(mount);
        h = 31 * h + java.util.Objects.hashCode(othersCanWrite);
        h = 31 * h + java.util.Objects.hashCode(sha256);
        h = 31 * h + java.util.Objects.hashCode(packageTrusted);
        h = 31 * h + java.util.Objects.hashCode(ima);
        h = 31 * h + java.util.Objects.hashCode(kernelCheck);
        return h;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof FileInfo o)) return false;
        return java.util.Objects.equals(path, o.path)
                && java.util.Objects.equals(type, o.type)
                && java.util.Objects.equals(mode, o.mode)
                && java.util.Objects.equals(uid, o.uid)
                && java.util.Objects.equals(gid, o.gid)
                && java.util.Objects.equals(dev, o.dev)
                && java.util.Objects.equals(ino, o.ino)
                && java.util.Objects.equals(size, o.size)
                && java.util.Objects.equals(mtime, o.mtime)
                && java.util.Objects.equals(ctime, o.ctime)
                && java.util.Objects.equals(mount, o.mount)
                && java.util.Objects.equals(othersCanWrite, o.othersCanWrite)
                && java.util.Objects.equals(sha256, o.sha256)
                && java.util.Objects.equals(packageTrusted, o.packageTrusted)
                && java.util.Objects.equals(ima, o.ima)
                && java.util.Objects.equals(kernelCheck, o.kernelCheck);
    }
}
