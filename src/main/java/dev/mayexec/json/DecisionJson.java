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

    /** The decision's fields in DESIGN.md's order; an invocation's decision ends with its {@code parts}. */
    public static ObjectNode toNode(Decision d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("decision", d.decision().id());
        o.put("enforced", d.enforced());
        o.put("channel", d.channel() == null ? null : d.channel().id());
        reasons(o, d);
        o.put("policy", d.policy());
        o.put("cached", d.cached());
        if (d.parts() != null) {
            ArrayNode parts = o.putArray("parts");
            for (Decision.Part p : d.parts()) {
                ObjectNode part = parts.addObject()
                        .put("channel", p.channel().id())
                        .put("path", p.path())
                        .put("name", p.name())
                        .put("via", p.via())
                        .put("decision", p.decision().decision().id())
                        .put("enforced", p.decision().enforced());
                reasons(part, p.decision());
            }
        }
        return o;
    }

    private static void reasons(ObjectNode o, Decision d) {
        ArrayNode reasons = o.putArray("reasons");
        for (Reason r : d.reasons()) {
            reasons.addObject()
                    .put("code", r.code())
                    .put("rule", r.rule())
                    .put("source", r.source())
                    .put("message", r.message());
        }
    }

    public static String write(Decision d) {
        try {
            return MAPPER.writeValueAsString(toNode(d));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
