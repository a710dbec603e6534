package dev.mayexec.cli;

import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a request stream, framed as the daemon frames them: a line ends at {@code \n} and
 * nowhere else (a {@code \r} just before it is dropped, so CRLF works; any other {@code \r} is part
 * of the line), so that line N always gets answer N. A line longer than {@code maxBytes} is skipped
 * to its end without being kept, and one that is not UTF-8 is reported as such.
 *
 * <p>A line is handed over as bytes, without a string made of it. Before a read that could wait
 * for the writer (nothing more is waiting in the input), {@code beforeWait} is flushed: answers go
 * out in large writes while requests stream in, and each at once to a caller who asks one at a time.
 */
final class RequestLines {
    /** One line: its bytes, or why it has none. */
    sealed interface Line {
        /** A line of UTF-8 that is not blank: {@code bytes[offset, offset + length)}, valid until the next line. */
        record Text(byte[] bytes, int offset, int length) implements Line {}

        /** A line of only whitespace, which gets no answer. */
        record Blank() implements Line {}

        record TooLong() implements Line {}

        record NotUtf8() implements Line {}
    }

    private final InputStream in;
    private final int maxBytes;
    private final Flushable beforeWait;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[1 << 16];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int end;

    RequestLines(InputStream in, int maxBytes, Flushable beforeWait) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.beforeWait = beforeWait;
    }

    /** The next line, or {@code null} at the end of the stream. */
    Line next() throws IOException {
        line.reset();
        boolean read = false;
        boolean newline = false;
        boolean tooLong = false;
        int start = pos;
        while (!newline) {
            if (pos == end) {
                tooLong = tooLong || !keep(start, pos); // the buffer is about to be refilled
                fill();
                start = 0;
                if (end == 0) break;
            }
            read = true;
            int stop = pos;
            while (stop < end && buffer[stop] != '\n') stop++;
            newline = stop < end;
            pos = newline ? stop + 1 : stop;
        }
        if (!read) return null;
        int stop = newline ? pos - 1 : pos;
        boolean copied = line.size() > 0; // else the whole line lies in buffer[start, stop)
        if (copied) tooLong = tooLong || !keep(start, stop);
        if (tooLong) return new Line.TooLong();
        byte[] bytes = copied ? line.toByteArray() : buffer;
        int from = copied ? 0 : start;
        int length = copied ? bytes.length : stop - start;
        if (newline && length > 0 && bytes[from + length - 1] == '\r') length--;
        return length > maxBytes ? new Line.TooLong() : text(bytes, from, length);
    }

    /** Keeps buffer[from, to) as part of the line, unless that passes the bound (and a CR the newline would drop). */
    private boolean keep(int from, int to) {
        if (line.size() + to - from > maxBytes + 1) return false;
        line.write(buffer, from, to - from);
        return true;
    }

    /** Refills the buffer; before it waits for input, the answers so far go out. */
    private void fill() throws IOException {
        if (in.available() <= 0) beforeWait.flush();
        end = Math.max(0, in.read(buffer));
        pos = 0;
    }

    /** The line as text, blank, or not UTF-8; an ASCII line (most are) is told without decoding it. */
    private Line text(byte[] bytes, int from, int length) {
        int to = from + length;
        int i = from;
        while (i < to && Character.isWhitespace(bytes[i])) i++; // a negative (non-ASCII) byte is no whitespace
        boolean blank = i == to;
        while (i < to && bytes[i] >= 0) i++;
        if (i < to) {
            try {
                blank = utf8.reset().decode(ByteBuffer.wrap(bytes, from, length)).toString().isBlank();
            } catch (CharacterCodingException e) {
                return new Line.NotUtf8();
            }
        }
        return blank ? new Line.Blank() : new Line.Text(bytes, from, length);
    }
}
