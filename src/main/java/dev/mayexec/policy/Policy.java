package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import java.util.List;
import java.util.Map;


/**
 * A loaded policy directory. {@code files} starts with {@code policy.yaml} and then lists the
 * scoped files in path order; {@code shipped} are mayexec's own interpreter profiles, which the
 * policy's profiles override by name; {@code defaultsSpan} is where {@code defaults:} stands (or the
 * file); {@code hash} is {@code sha256:} over every file's path and bytes, shipped profiles included.
 */
public record Policy(
        String name,
        String description,
        Mode mode,
        Map<Channel, ChannelDefault> defaults,
        SourceSpan defaultsSpan,
        Map<String, NamedSet> sets,
        List<ScopeFile> files,
        List<ScopeFile> shipped,
        String hash) {

    public Policy {
        defaults = Map.copyOf(defaults);
        sets = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(sets));
        files = List.copyOf(files);
        shipped = List.copyOf(shipped);
    }

    /**
     * The interpreter profiles in effect, in the order a process's executable is matched against
     * them: the policy's own (in path order), then the shipped ones it does not override by name.
     */
    public List<Scope.Interpreter> interpreters() {
        List<Scope.Interpreter> own = interpreters(files);
        java.util.Set<String> names = own.stream().map(Scope.Interpreter::name).collect(java.util.stream.Collectors.toSet());
        return java.util.stream.Stream.concat(own.stream(),
                interpreters(shipped).stream().filter(in -> !names.contains(in.name()))).toList();
    }

    /** The interpreter profiles among {@code files}, in their order. */
    public static List<Scope.Interpreter> interpreters(List<ScopeFile> files) {
        return files.stream()
                .map(ScopeFile::scope)
                .filter(Scope.Interpreter.class::isInstance)
                .map(Scope.Interpreter.class::cast)
                .toList();
    }
}
