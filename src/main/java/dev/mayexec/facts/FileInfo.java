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

    /** A builder of the facts about a file, every fact unknown until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these facts (to change some of them). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.type = type;
        b.mode = mode;
        b.uid = uid;
        b.gid = gid;
        b.dev = dev;
        b.ino = ino;
        b.size = size;
        b.mtime = mtime;
        b.ctime = ctime;
        b.mount = mount;
        b.othersCanWrite = othersCanWrite;
        b.sha256 = sha256;
        b.packageTrusted = packageTrusted;
        b.ima = ima;
        b.kernelCheck = kernelCheck;
        return b;
    }

    /** Builds the facts about a file: set the facts that are known; the others stay unknown ({@code null}). */
    public static final class Builder {
        private String path;
        private FileType type;
        private Integer mode;
        private Integer uid;
        private Integer gid;
        private Long dev;
        private Long ino;
        private Long size;
        private Long mtime;
        private Long ctime;
        private MountInfo mount;
        private Boolean othersCanWrite;
        private String sha256;
        private Boolean packageTrusted;
        private String ima;
        private String kernelCheck;

        private Builder() {}

        /** Sets {@code path}. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** Sets {@code type}. */
        public Builder type(FileType type) {
            this.type = type;
            return this;
        }

        /** Sets {@code mode}. */
        public Builder mode(Integer mode) {
            this.mode = mode;
            return this;
        }

        /** Sets {@code uid}. */
        public Builder uid(Integer uid) {
            this.uid = uid;
            return this;
        }

        /** Sets {@code gid}. */
        public Builder gid(Integer gid) {
            this.gid = gid;
            return this;
        }

        /** Sets {@code dev}. */
        public Builder dev(Long dev) {
            this.dev = dev;
            return this;
        }

        /** Sets {@code ino}. */
        public Builder ino(Long ino) {
            this.ino = ino;
            return this;
        }

        /** Sets {@code size}. */
        public Builder size(Long size) {
            this.size = size;
            return this;
        }

        /** Sets {@code mtime}. */
        public Builder mtime(Long mtime) {
            this.mtime = mtime;
            return this;
        }

        /** Sets {@code ctime}. */
        public Builder ctime(Long ctime) {
            this.ctime = ctime;
            return this;
        }

        /** Sets {@code mount}. */
        public Builder mount(MountInfo mount) {
            this.mount = mount;
            return this;
        }

        /** Sets {@code othersCanWrite}. */
        public Builder othersCanWrite(Boolean othersCanWrite) {
            this.othersCanWrite = othersCanWrite;
            return this;
        }

        /** Sets {@code sha256}. */
        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /** Sets {@code packageTrusted}. */
        public Builder packageTrusted(Boolean packageTrusted) {
            this.packageTrusted = packageTrusted;
            return this;
        }

        /** Sets {@code ima}. */
        public Builder ima(String ima) {
            this.ima = ima;
            return this;
        }

        /** Sets {@code kernelCheck}. */
        public Builder kernelCheck(String kernelCheck) {
            this.kernelCheck = kernelCheck;
            return this;
        }

        /** The facts set so far. */
        public FileInfo build() {
            return new FileInfo(path, type, mode, uid, gid, dev, ino, size, mtime, ctime, mount, othersCanWrite, sha256, packageTrusted, ima, kernelCheck);
        }
    }
}
