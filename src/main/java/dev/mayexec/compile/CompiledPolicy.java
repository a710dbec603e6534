package dev.mayexec.compile;

import dev.mayexec.policy.Policy;
import java.util.List;
import java.util.Set;

/**
 * A policy compiled to DRL: the generated rules ({@code drl}, deterministic), the table of what each
 * generated rule means, the map from DRL lines to YAML places, and the query fields the rules read
 * (the cache key holds only those), and the path fields whose ancestors the engine must insert as
 * anchored copies of the query (see Query.java).
 */
public record CompiledPolicy(Policy policy, String drl, List<Entry> entries, SourceMap sourceMap, Set<String> reads,
        Set<String> ancestorFields) {
    public CompiledPolicy {
        entries = List.copyOf(entries);
        reads = Set.copyOf(reads);
        ancestorFields = Set.copyOf(ancestorFields);
    }
}
