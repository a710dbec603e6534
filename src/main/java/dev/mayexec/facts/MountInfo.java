package dev.mayexec.facts;

/** The mount of a file's resolved path; any field may be unknown ({@code null}). */
public record MountInfo(String point, String fstype, Boolean noexec, Boolean nosuid, Boolean ro) {}
