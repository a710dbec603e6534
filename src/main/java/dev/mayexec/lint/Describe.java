package dev.mayexec.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.policy.Condition;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** How findings name rules, conditions and places, so that every check words them alike. */
public final class Describe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Describe() {}

    /** {@code allow rule `x`}, {@code deny rule `y`}, {@code audit rule `z`}. */
    public static String rule(Analysis.Ref r) {
        return r.rule().effect().id() + " rule `" + r.id() + "`";
    }

    /** {@code deny rule `y` (services/nginx.yaml:5:5)}. */
    public static String ruleAt(Analysis.Ref r) {
        return rule(r) + " (" + r.rule().span() + ")";
    }

    /** {@code `uid`}, {@code `uid` and `user`}, {@code `uid`, `user` and `group`}. */
    public static String conditions(List<Condition> cs) {
        List<String> keys = cs.stream().map(c -> "`" + c.attribute().key() + "`").toList();
        if (keys.size() <= 1) return String.join("", keys);
        return keys.subList(0, keys.size() - 1).stream().collect(Collectors.joining(", ")) + " and " + keys.getLast();
    }

    /** {@code `a`, `b` and `c`}. */
    public static String list(List<String> words) {
        List<String> quoted = words.stream().map(w -> "`" + w + "`").toList();
        if (quoted.size() <= 1) return String.join("", quoted);
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.getLast();
    }

    /** The example request with {@code process.securebits} set, to show an obligation at work. */
    public static String withSecurebits(String json, String... bits) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            ObjectNode process = root.has("process") ? (ObjectNode) root.get("process") : JSON.createObjectNode();
            var arr = process.putArray("securebits");
            for (String b : bits) arr.add(b);
            ObjectNode out = JSON.createObjectNode();
            out.set("channel", root.get("channel"));
            out.set("process", process);
            if (root.has("file")) out.set("file", root.get("file"));
            return out.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
