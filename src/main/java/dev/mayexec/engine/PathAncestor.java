package dev.mayexec.engine;

/**
 * A directory above a path attribute's value ({@code field} is the query field: {@code path},
 * {@code exe}, …). The engine inserts one per ancestor beside the query, so that rules on
 * {@code under:} prefixes and globs test {@code dir == "/literal"}, which Drools hashes: a thousand
 * prefixes then cost what one does.
 */
public record PathAncestor(String field, String dir) {}
