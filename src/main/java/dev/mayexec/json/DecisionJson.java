package dev.mayexec.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.Reason;
import java.io.UncheckedIOException;

/** Writes a decision as one line of JSON, fields in the order of DESIGN.md §5. */
public final class DecisionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecisionJson() {}

    public static ObjectNode toNode(Decision d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("decision", d.decision().id());
        o.put("enforced", d.enforced());
        o.put("channel", d.channel() == null ? null : d.channel().id());
        ArrayNode reasons = o.putArray("reasons");
        for (Reason r : d.reasons()) {
            reasons.addObject()
                    .put("code", r.code())
                    .put("rule", r.rule())
                    .put("source", r.source())
                    .put("message", r.message());
        }
        o.put("policy", d.policy());
        o.put("cached", d.cached());
        return o;
    }

    public static String write(Decision d) {
        try {
            return MAPPER.writeValueAsString(toNode(d));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
