package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Attribute;

/**
 * The set of values a condition admits for one attribute, in a form closed under intersection and
 * difference, with an exact emptiness test: integer ranges, finite or cofinite sets of strings,
 * permission-bit sets, and regular languages of paths. Each implementation combines only with its own kind.
 */
public sealed interface ValueSet permits IntSet, Strings, ModeSet, PathSet {

    ValueSet and(ValueSet other);

    /** This set without the values of {@code other}. */
    ValueSet minus(ValueSet other);

    boolean isEmpty();

    /** Whether a concrete value (as the engine holds it: Integer, String, Boolean) is in the set. */
    boolean contains(Object value);

    /** Returns a member, chosen to read naturally in an example request for {@code a}; the set must not be empty. */
    Object pick(Attribute a);
}
