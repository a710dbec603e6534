package dev.mayexec.collect;

/** Facts could not be collected (no such process, no such file, a file we may not read). */
public final class LiveFactsException extends Exception {
    public LiveFactsException(String message) {
        super(message);
    }
}
