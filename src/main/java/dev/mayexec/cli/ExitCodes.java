package dev.mayexec.cli;

/** The CLI's exit codes (listed in {@code mayexec --help}); fixed, never a count and never negative. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int USAGE = 2;
    static final int INVALID_POLICY = 3;
    static final int DENY = 4;
    static final int TESTS_FAILED = 5;
    /** diff: the analysis could not decide every channel, so no "no change" is claimed. */
    static final int UNDECIDED = 6;
    /** import: a deny of the source could not be carried over whole (the policy and its report are written). */
    static final int IMPORT_INCOMPLETE = 7;

    private ExitCodes() {}
}
