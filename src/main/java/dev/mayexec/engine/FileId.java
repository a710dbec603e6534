package dev.mayexec.engine;

/** Identifies one version of a file: a changed file or a file replaced in place gets another id. */
public record FileId(Long dev, Long ino, Long size, Long mtime, Long ctime) {
    // Written out, as Query's: the cache hashes it with every query, and the generated method is slow under C1.
    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(dev);
        h = 31 * h + java.util.Objects.hashCode(ino);
        h = 31 * h + java.util.Objects.hashCode(size);
        h = 31 * h + java.util.Objects.hashCode(mtime);
        return 31 * h + java.util.Objects.hashCode(ctime);
    }
}
