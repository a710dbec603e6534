package dev.mayexec.compile;

import dev.mayexec.policy.PathPattern;
import java.util.List;
import java.util.Set;

/**
 * Values that rules look up by number ({@code t.has(3, user)}) instead of holding them as DRL text:
 * the members of long lists and sets, which would not build as one long disjunction, and globs,
 * which are matched by {@link PathPattern.Glob#matches}, never by a regex. The compiler makes them
 * from immutable copies.
 */
public sealed interface Table {
    /** Names (users, services, labels, digests, ...). */
    record Strings(Set<String> values) implements Table {}

    /** Numeric ids. */
    record Ids(Set<Integer> values) implements Table {}

    /** Path patterns: a path is in the table when any of them matches it. */
    record Paths(List<PathPattern> patterns) implements Table {}
}
