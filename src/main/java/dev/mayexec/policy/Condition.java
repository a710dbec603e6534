package dev.mayexec.policy;

import dev.mayexec.diag.SourceSpan;
import java.util.List;

/**
 * One test in a {@code when:} or {@code unless:} block. A condition on an unknown fact does not
 * hold. The conditions of a block must all hold.
 */
public sealed interface Condition {

    Attribute attribute();

    SourceSpan span();

    /** A string or word attribute equals one of {@code values}; for a member attribute, holds one. */
    record OneOf(Attribute attribute, List<String> values, SourceSpan span) implements Condition {
        public OneOf {
            values = List.copyOf(values);
        }
    }

    /** An integer attribute equals one of {@code values}; for a member attribute, holds one. */
    record IntOneOf(Attribute attribute, List<Integer> values, SourceSpan span) implements Condition {
        public IntOneOf {
            values = List.copyOf(values);
        }
    }

    /** An integer attribute lies in {@code [min, max]}; either bound may be absent. */
    record IntRange(Attribute attribute, Integer min, Integer max, SourceSpan span) implements Condition {}

    /** A boolean attribute has {@code value}. */
    record Is(Attribute attribute, boolean value, SourceSpan span) implements Condition {}

    /** A path attribute matches one of {@code patterns}. */
    record PathMatch(Attribute attribute, List<PathPattern> patterns, SourceSpan span) implements Condition {
        public PathMatch {
            patterns = List.copyOf(patterns);
        }
    }

    /** Permission bits: {@code any} of the mask set, {@code all} of it set, or {@code none} of it set. */
    record ModeBits(Attribute attribute, ModeTest test, int mask, SourceSpan span) implements Condition {}

    /** The attribute's value is a member of the named set (resolved when compiling). */
    record InSet(Attribute attribute, String set, SourceSpan span) implements Condition {}

    enum ModeTest {
        ANY,
        ALL,
        NONE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
