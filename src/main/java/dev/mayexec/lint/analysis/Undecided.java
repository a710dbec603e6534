package dev.mayexec.lint.analysis;

/**
 * The analysis gave up within its budget. Checks then report nothing about the rules concerned:
 * a finding must be true, so a question left open yields no finding.
 */
public final class Undecided extends RuntimeException {
    public Undecided(String message) {
        super(message, null, false, false);
    }
}
