package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;

/** A channel's default effect ({@code allow} or {@code deny}), applied when no rule allows or denies. */
public record ChannelDefault(Effect effect, SourceSpan span) {}
