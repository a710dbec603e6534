package dev.mayexec.lint.analysis;

import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import java.util.Map;
import java.util.Set;

/**
 * A request that satisfies a formula, as the analysis sees it: the channel, and a value for each
 * attribute that must be known (absent: unknown). {@code interpreter} is the interpreter profile in
 * effect; {@code group} holds the supplementary groups (the process's gid is {@code gid}).
 * {@code mentioned} lists the attributes the formula constrained.
 */
public record Model(Channel channel, Map<Attribute, Object> values, Set<Attribute> mentioned) {
    public Model {
        values = Map.copyOf(values);
        mentioned = Set.copyOf(mentioned);
    }

    public Object get(Attribute a) {
        return values.get(a);
    }
}
