package dev.mayexec.launch;

/** A launch that cannot go on: the program is not run. {@code help} says what to do. */
public final class LaunchException extends Exception {
    private final String help;
    private final int exitCode;

    LaunchException(String message, String help) {
        this(message, help, Launcher.CANNOT_EXECUTE);
    }

    LaunchException(String message, String help, int exitCode) {
        super(message);
        this.help = help;
        this.exitCode = exitCode;
    }

    public String help() {
        return help;
    }

    /** 127 when the program was not found, else 126, as a shell says. */
    public int exitCode() {
        return exitCode;
    }
}
