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
        String kernelCheck) {}
