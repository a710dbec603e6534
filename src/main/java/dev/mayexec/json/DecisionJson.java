package dev.mayexec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.mayexec.Decision;
import dev.mayexec.Reason;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a decision as one line of JSON, fields in the order of DESIGN.md §5, token by token (no
 * tree is built for an answer).
 */
public final class DecisionJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private DecisionJson() {}

    /** The decision's fields in DESIGN.md's order; an invocation's decision ends with its {@code parts}. */
    public static void write(Decision d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("decision", d.decision().id());
        g.writeBooleanField("enforced", d.enforced());
        g.writeStringField("channel", d.channel() == null ? null : d.channel().id());
        reasons(g, d);
        g.writeStringField("policy", d.policy());
        g.writeBooleanField("cached", d.cached());
        if (d.parts() != null) {
            g.writeArrayFieldStart("parts");
            for (Decision.Part p : d.parts()) {
                g.writeStartObject();
                g.writeStringField("channel", p.channel().id());
                g.writeStringField("path", p.path());
                g.writeStringField("name", p.name());
                g.writeStringField("via", p.via());
                g.writeStringField("decision", p.decision().decision().id());
                g.writeBooleanField("enforced", p.decision().enforced());
                reasons(g, p.decision());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void reasons(JsonGenerator g, Decision d) throws IOException {
        g.writeArrayFieldStart("reasons");
        for (Reason r : d.reasons()) {
            g.writeStartObject();
            g.writeStringField("code", r.code());
            g.writeStringField("rule", r.rule());
            g.writeStringField("source", r.source());
            g.writeStringField("message", r.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The decision as one line of JSON, without the line break. */
    public static String write(Decision d) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(d, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The decision as a JSON tree, for a caller that puts it inside another object (the daemon's log). */
    public static ObjectNode toNode(Decision d) {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            write(d, tokens);
            return MAPPER.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // tokens in memory do not fail
        }
    }

    /** Writes decisions to {@code out}, one per line. */
    public static Lines lines(Writer out) {
        return new Lines(out);
    }

    /**
     * Decisions as lines; they reach the writer's destination when its buffer fills, and on
     * {@link #flush}. A policy gives few distinct decisions: each one's line is made once (up to
     * {@link #MEMO} of them).
     */
    public static final class Lines implements Flushable {
        private static final int MEMO = 1024;
        private final Writer out;
        private final Map<Decision, String> made = new HashMap<>();

        private Lines(Writer out) {
            this.out = out;
        }

        /** Writes the decision as one line (not flushed: call {@link #flush} when nothing more is waiting). */
        public void write(Decision d) throws IOException {
            String line = made.get(d);
            if (line == null) {
                line = DecisionJson.write(d) + "\n";
                if (made.size() >= MEMO) made.clear();
                made.put(d, line);
            }
            out.write(line);
        }

        /** Writes out what is buffered, and flushes the writer. */
        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
