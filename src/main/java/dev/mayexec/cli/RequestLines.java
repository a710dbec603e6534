package dev.mayexec.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a request stream, framed as the daemon frames them: a line ends at {@code \n} and
 * nowhere else (a {@code \r} just before it is dropped, so CRLF works; any other {@code \r} is part
 * of the line), so that line N always gets answer N. A line longer than {@code maxBytes} is skipped
 * to its end without being kept, and one that is not UTF-8 is reported as such.
 */
final class RequestLines {
    /** One line: its text, or why it has none. */
    sealed interface Line {
        record Text(String text) implements Line {}

        record TooLong() implements Line {}

        record NotUtf8() implements Line {}
    }

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;

    RequestLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or {@code null} at the end of the stream. */
    Line next() throws IOException {
        line.reset();
        boolean read = false;
        boolean newline = false;
        boolean tooLong = false;
        while (!newline) {
            if (pos == end) {
                end = Math.max(0, in.read(buffer));
                pos = 0;
                if (end == 0) break;
            }
            read = true;
            int stop = pos;
            while (stop < end && buffer[stop] != '\n') stop++;
            newline = stop < end;
            int room = maxBytes + 1 - line.size(); // one more than the bound: a CR that the newline would drop
            if (stop - pos > room) tooLong = true;
            if (!tooLong) line.write(buffer, pos, stop - pos);
            pos = newline ? stop + 1 : stop;
        }
        if (!read) return null;
        byte[] bytes = line.toByteArray();
        int length = newline && bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (tooLong || length > maxBytes) return new Line.TooLong();
        try {
            return new Line.Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString());
        } catch (CharacterCodingException e) {
            return new Line.NotUtf8();
        }
    }
}
