package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import java.util.List;
import java.util.Set;

/**
 * A policy rule: on a request through one of {@code channels}, if every condition of {@code when}
 * holds and no block of {@code unless} holds entirely, the rule's effect applies.
 */
public record Rule(
        String id,
        Effect effect,
        Set<Channel> channels,
        List<Condition> when,
        List<List<Condition>> unless,
        String message,
        SourceSpan span) {

    public Rule {
        channels = Set.copyOf(channels);
        when = List.copyOf(when);
        unless = unless.stream().map(List::copyOf).toList();
    }
}
