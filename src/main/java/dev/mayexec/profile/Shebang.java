package dev.mayexec.profile;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A script's {@code #!} line as Linux reads it (fs/binfmt_script.c): within the first 256 bytes,
 * the interpreter's path, and at most one optional argument (everything after it, spaces included,
 * trimmed). The kernel then runs {@code interpreter [argument] script args…}.
 */
record Shebang(String interpreter, String argument) {
    /** The kernel's BINPRM_BUF_SIZE: it reads no more of the file. */
    static final int BUFFER = 256;

    /**
     * Parses a file's first bytes; empty when they do not start with {@code #!}.
     *
     * @throws IllegalArgumentException when they do, but the kernel would refuse the line (ENOEXEC)
     */
    static Optional<Shebang> parse(byte[] head) {
        if (head.length < 2 || head[0] != '#' || head[1] != '!') return Optional.empty();
        int length = Math.min(head.length, BUFFER - 1);
        int end = indexOf(head, (byte) '\n', length);
        if (end < 0) {
            // no newline in the buffer: the kernel then accepts the line only if the interpreter's name ended
            // (a file shorter than the buffer ends it: the kernel's buffer is zero-filled)
            int name = skipSpaces(head, 2, length);
            if (head.length >= BUFFER - 1 && (name == length || nextTerminator(head, name, length) < 0)) {
                throw new IllegalArgumentException("the `#!` line is longer than " + (BUFFER - 1)
                        + " bytes and cuts the interpreter's path");
            }
            end = length;
        }
        int nul = indexOf(head, (byte) 0, end);
        if (nul >= 0) end = nul; // the kernel reads the line as C strings
        while (end > 2 && (head[end - 1] == ' ' || head[end - 1] == '\t')) end--;
        int name = skipSpaces(head, 2, end);
        if (name == end) throw new IllegalArgumentException("the `#!` line names no interpreter");
        int sep = nextTerminator(head, name, end);
        String interpreter = text(head, name, sep < 0 ? end : sep);
        String argument = null;
        if (sep >= 0) {
            int arg = skipSpaces(head, sep, end);
            if (arg < end) argument = text(head, arg, end);
        }
        return Optional.of(new Shebang(interpreter, argument));
    }

    private static int indexOf(byte[] b, byte c, int end) {
        for (int i = 0; i < end; i++) {
            if (b[i] == c) return i;
        }
        return -1;
    }

    private static int skipSpaces(byte[] b, int from, int end) {
        while (from < end && (b[from] == ' ' || b[from] == '\t')) from++;
        return from;
    }

    /** The first space, tab or NUL at or after {@code from}, or -1. */
    private static int nextTerminator(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == ' ' || b[i] == '\t' || b[i] == 0) return i;
        }
        return -1;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
