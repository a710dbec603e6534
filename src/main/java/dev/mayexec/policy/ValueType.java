package dev.mayexec.policy;

/** How an attribute's values are written in a condition and matched. */
public enum ValueType {
    /** One string; the condition lists the accepted values. */
    STRING,
    /** A set of strings held by the subject; matches when it holds any listed value. */
    STRING_MEMBER,
    /** One of a fixed list of words. */
    ENUM,
    /** One integer; a list of values or a {@code {min, max}} range. */
    INT,
    /** A set of integers held by the subject; matches when it holds any listed value. */
    INT_MEMBER,
    BOOL,
    /** An absolute path; matched by exact paths, {@code under:} prefixes and globs. */
    PATH,
    /** Permission bits; matched by {@code any:}, {@code all:} or {@code none:} of an octal mask. */
    MODE
}
