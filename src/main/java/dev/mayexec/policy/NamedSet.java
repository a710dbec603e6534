package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import java.util.List;

/**
 * A typed, named set from {@code policy.yaml}. Members are strings for {@code users},
 * {@code services}, {@code interpreters} and {@code strings}; integers for {@code ids}; and
 * {@link PathPattern}s for {@code paths}.
 */
public record NamedSet(String name, SetType type, List<?> members, SourceSpan span) {
    public NamedSet {
        members = List.copyOf(members);
    }
}
