package dev.mayexec.profile;

import dev.mayexec.facts.Channel;

/**
 * One request an invocation amounts to: code through {@code channel}, from the file at {@code path}
 * (absolute and normalised; {@code null} when there is no file or it cannot be placed). {@code name}
 * is a module or library name that has no path yet, or, for {@code environment}, the variable.
 * {@code via} says which word of the invocation it comes from, for people.
 */
public record Part(Channel channel, String path, String name, String via) {}
