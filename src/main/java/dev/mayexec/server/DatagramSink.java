package dev.mayexec.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The decision log as datagrams to journald or syslog, one entry a datagram. The socket never
 * blocks: a receiver that stalls (its queue full) or is gone makes the send fail, and the entry is
 * counted as lost; decisions never wait for it.
 */
final class DatagramSink implements DecisionLog.Sink {
    /** authpriv: security decisions, readable by administrators only. */
    private static final int FACILITY_AUTHPRIV = 10;
    private static final int WARNING = 4;
    private static final int INFO = 6;
    private static final DateTimeFormatter RFC3164 = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final MemorySegment address;
    private final MemorySegment st;
    private final Function<DecisionLog.Entry, byte[]> format;
    private final Path socket;

    private DatagramSink(Path socket, Function<DecisionLog.Entry, byte[]> format) throws IOException {
        this.socket = socket;
        this.format = format;
        this.address = UnixSocket.address(arena, socket.toString());
        this.st = UnixSocket.state(arena);
        this.fd = UnixSocket.datagram();
    }

    /**
     * journald's native protocol: {@code KEY=value} lines; a value holding a newline is sent as the
     * key, a newline, its length as a little-endian 64-bit number, the value and a newline.
     */
    static DatagramSink journal(Path socket) throws IOException {
        return new DatagramSink(socket, e -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            field(out, "MESSAGE", e.json());
            field(out, "PRIORITY", Integer.toString(e.deny() ? WARNING : INFO));
            field(out, "SYSLOG_FACILITY", Integer.toString(FACILITY_AUTHPRIV));
            field(out, "SYSLOG_IDENTIFIER", "mayexec");
            field(out, "MAYEXEC_DECISION", e.deny() ? "deny" : "allow");
            field(out, "MAYEXEC_DECISION_ID", e.id());
            field(out, "MAYEXEC_POLICY", e.policy());
            field(out, "MAYEXEC_PEER_UID", Integer.toString(e.uid()));
            return out.toByteArray();
        });
    }

    /** What glibc's {@code syslog()} sends to {@code /dev/log}: {@code <PRI>Mmm dd hh:mm:ss ident[pid]: message}. */
    static DatagramSink syslog(Path socket) throws IOException {
        long pid = ProcessHandle.current().pid();
        return new DatagramSink(socket, e -> ("<" + (FACILITY_AUTHPRIV * 8 + (e.deny() ? WARNING : INFO)) + ">"
                + RFC3164.format(ZonedDateTime.now(ZoneId.systemDefault())) + " mayexec[" + pid + "]: " + e.json())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void field(ByteArrayOutputStream out, String key, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
        if (value.indexOf('\n') < 0) {
            out.write('=');
            out.writeBytes(v);
        } else {
            out.write('\n');
            for (int i = 0; i < 8; i++) out.write((int) ((long) v.length >>> (8 * i)));
            out.writeBytes(v);
        }
        out.write('\n');
    }

    /** Sends each entry; the first refused send ends the batch (the rest would meet the same receiver). */
    @Override
    public void write(List<DecisionLog.Entry> batch) throws IOException {
        for (int i = 0; i < batch.size(); i++) {
            byte[] bytes = format.apply(batch.get(i));
            int errno;
            try (Arena one = Arena.ofConfined()) {
                MemorySegment data = one.allocate(Math.max(1, bytes.length));
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
                errno = UnixSocket.sendTo(fd, data.asSlice(0, bytes.length), address, st);
            }
            if (errno != 0) {
                throw new DecisionLog.PartialWrite(i, "sending to " + socket + ": " + dev.mayexec.collect.Kernel.errnoName(errno));
            }
        }
    }

    @Override
    public void close() {
        UnixSocket.close(fd);
        arena.close();
    }
}
