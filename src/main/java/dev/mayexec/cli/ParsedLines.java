package dev.mayexec.cli;

import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The requests of a stream, read and parsed on a thread of their own while the caller decides the
 * ones before: on two cores, reading JSON and deciding overlap. They come in order, in batches; a
 * batch after which the reader waits for input says so, and the caller then flushes its answers
 * (so a caller asking one question at a time gets each answer at once).
 */
final class ParsedLines implements AutoCloseable {
    private static final int BATCH = 256;

    /** One line that is not blank: its request, or why it has none. */
    sealed interface Item {
        int line();

        record Parsed(int line, Request request) implements Item {}

        record Invalid(int line, String why) implements Item {}
    }

    /** Lines in order; {@code waits}: the reader waits for input after them; {@code last}: the stream ended. */
    record Batch(List<Item> items, boolean waits, boolean last, IOException failure) {}

    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(16); // at most 4,096 requests ahead
    private final Thread reader;
    private List<Item> items = new ArrayList<>(BATCH);

    private ParsedLines(InputStream in) {
        reader = Thread.ofPlatform().name("mayexec-requests").daemon().unstarted(() -> read(in));
    }

    static ParsedLines start(InputStream in) {
        ParsedLines p = new ParsedLines(in);
        p.reader.start();
        return p;
    }

    /** The next batch; a failure to read the input is thrown here. */
    Batch take() throws IOException {
        Batch b;
        try {
            b = batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading requests", e);
        }
        if (b.failure() != null) throw b.failure();
        return b;
    }

    private void read(InputStream in) {
        try {
            RequestLines lines = new RequestLines(in, RequestJson.MAX_CHARS, () -> handOff(true, false, null));
            int n = 0;
            for (RequestLines.Line line; (line = lines.next()) != null; ) {
                n++;
                Item item = switch (line) {
                    case RequestLines.Line.Blank b -> null; // as the daemon: no answer
                    case RequestLines.Line.Text t -> parse(t, n);
                    case RequestLines.Line.TooLong x -> new Item.Invalid(n, "request longer than " + RequestJson.MAX_CHARS
                            + " bytes; skipped");
                    case RequestLines.Line.NotUtf8 x -> new Item.Invalid(n, "request is not valid UTF-8");
                };
                if (item != null) items.add(item);
                if (items.size() == BATCH) handOff(false, false, null);
            }
            handOff(true, true, null);
        } catch (IOException e) {
            handOff(true, true, e);
        }
    }

    private static Item parse(RequestLines.Line.Text t, int n) {
        try {
            return new Item.Parsed(n, RequestJson.parse(t.bytes(), t.offset(), t.length()));
        } catch (RequestException e) {
            return new Item.Invalid(n, e.getMessage());
        }
    }

    private void handOff(boolean waits, boolean last, IOException failure) {
        try {
            batches.put(new Batch(items, waits, last, failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller is gone: nothing waits for these
        }
        items = new ArrayList<>(BATCH);
    }

    /** Stops the reader if the caller stops early. */
    @Override
    public void close() {
        reader.interrupt();
    }
}
