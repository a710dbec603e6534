package dev.mayexec.server;

import java.nio.file.Path;

/** Where the decision log goes: a file, journald (its native protocol) or syslog ({@code /dev/log}). */
public sealed interface LogTarget {
    /** A file the daemon appends to, rotates by size, and reopens when logrotate moved it. */
    record File(Path path) implements LogTarget {}

    /** journald's native datagram socket; each entry is one datagram of {@code KEY=value} fields. */
    record Journal(Path socket) implements LogTarget {}

    /** A syslog datagram socket; each entry is one RFC 3164 message, as glibc's {@code syslog()} sends. */
    record Syslog(Path socket) implements LogTarget {}

    Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/socket");
    Path SYSLOG_SOCKET = Path.of("/dev/log");

    /** {@code journal}, {@code syslog}, or a file's path. */
    static LogTarget parse(String spec) {
        return switch (spec) {
            case "journal" -> new Journal(JOURNAL_SOCKET);
            case "syslog" -> new Syslog(SYSLOG_SOCKET);
            default -> new File(Path.of(spec));
        };
    }
}
