package dev.mayexec.json;

/** A request that cannot be read; the message names the field and the fix. */
public final class RequestException extends Exception {
    /** The exception, with the message a user reads. */
    public RequestException(String message) {
        super(message);
    }
}
