package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;

/** A reference to an interpreter profile by name ({@code syntax: sh}, an applet), with where it stands. */
public record ProfileRef(String name, SourceSpan span) {}
