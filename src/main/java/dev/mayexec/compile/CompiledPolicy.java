package dev.mayexec.compile;

import dev.mayexec.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A policy compiled to DRL: the generated rules ({@code drl}, deterministic), the table of what each
 * generated rule means, the map from DRL lines to YAML places, the query fields the rules read (the
 * cache key holds only those), the directories that anchor rules, by path field (the engine inserts
 * an anchored copy of the query for each of them above the field's value: see Query.java), and the
 * {@link Table}s the rules look values up in, by index.
 */
public record CompiledPolicy(Policy policy, String drl, List<Entry> entries, SourceMap sourceMap, Set<String> reads,
        Map<String, Set<String>> anchors, List<Table> tables) {
    public CompiledPolicy {
        entries = List.copyOf(entries);
        reads = Set.copyOf(reads);
        anchors = anchors.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> Set.copyOf(e.getValue())));
        tables = List.copyOf(tables);
    }
}
