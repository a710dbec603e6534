package dev.mayexec.lint.analysis;

import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import java.util.Set;

/** An elementary fact about a request; a {@link Formula.Lit} asserts it or its negation. */
public sealed interface Atom {

    /** The request's channel (always known) is one of {@code channels}. */
    record Channels(Set<Channel> channels) implements Atom {
        public Channels {
            channels = Set.copyOf(channels);
        }
    }

    /**
     * The attribute is known and its value is in {@code values}; for a member attribute
     * ({@code group}, {@code capability}), the process holds one of {@code values}. Like the
     * engine's conditions, it is false on an unknown fact.
     */
    record Attr(Attribute attribute, ValueSet values) implements Atom {}
}
