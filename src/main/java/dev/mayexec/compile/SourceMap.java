package dev.mayexec.compile;

import java.util.List;
import java.util.Optional;

/** Maps lines of the generated DRL back to the entry (and so the YAML place) that produced them. */
public record SourceMap(List<Range> ranges) {

    public SourceMap {
        ranges = List.copyOf(ranges);
    }

    /** Lines {@code first..last} (1-based, inclusive) of the generated DRL belong to entry {@code entry}. */
    public record Range(int first, int last, int entry) {}

    public Optional<Integer> entryAt(int line) {
        return ranges.stream().filter(r -> line >= r.first() && line <= r.last()).map(Range::entry).findFirst();
    }
}
