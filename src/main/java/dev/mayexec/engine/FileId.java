package dev.mayexec.engine;

/** Identifies one version of a file: a changed file or a file replaced in place gets another id. */
public record FileId(Long dev, Long ino, Long size, Long mtime, Long ctime) {}
