package dev.mayexec.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.json.DecisionJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes an explanation as one line of JSON, for tools: the decision as {@code decide} writes it, beside the account. */
public final class ExplainJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainJson() {}

    public static ObjectNode tree(Explanation e) {
        ObjectNode o = JSON.createObjectNode();
        try {
            o.set("request", JSON.readTree(e.request()));
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        o.set("decision", DecisionJson.toNode(e.decision()));
        if (e.refused() != null) o.put("refused", e.refused());
        o.set("facts", JSON.valueToTree(e.facts()));
        o.set("matched", JSON.valueToTree(e.matched()));
        o.set("obligations", JSON.valueToTree(e.obligations()));
        o.set("default", JSON.valueToTree(e.defaultApplied()));
        o.put("combined", e.combined());
        o.set("why_not", JSON.valueToTree(e.whyNot()));
        if (e.parts() != null) {
            var parts = o.putArray("parts");
            for (Explanation.Part p : e.parts()) {
                ObjectNode part = tree(p.explanation());
                part.put("label", p.label());
                parts.add(part);
            }
        }
        return o;
    }
}
