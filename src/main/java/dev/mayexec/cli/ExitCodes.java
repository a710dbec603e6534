package dev.mayexec.cli;

/** The CLI's exit codes (listed in {@code mayexec --help}); fixed, never a count and never negative. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;
    static final int INVALID_POLICY = 3;
    static final int DENY = 4;
    static final int TESTS_FAILED = 5;
    static final int IMPORT_INCOMPLETE = 6;

    private ExitCodes() {}
}
