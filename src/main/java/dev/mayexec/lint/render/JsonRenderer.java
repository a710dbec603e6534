package dev.mayexec.lint.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Severity;
import dev.mayexec.diag.SourceSpan;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Diagnostics as one JSON document: {@code {"policy", "diagnostics": [{"code", "severity", "message",
 * "help", "file", "line", "column", "example", "related"}], "summary": {"errors", "warnings", "infos"}}}.
 * Files are relative to the policy directory; {@code example} is the request itself, as an object.
 */
public final class JsonRenderer {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonRenderer() {}

    public static void render(PrintWriter out, Path dir, List<Diagnostic> diagnostics) {
        ObjectNode root = JSON.createObjectNode();
        root.put("policy", dir.toString());
        ArrayNode items = root.putArray("diagnostics");
        for (Diagnostic d : diagnostics) {
            ObjectNode o = items.addObject();
            o.put("code", d.code());
            o.put("severity", d.severity().label());
            o.put("message", d.message());
            if (d.help() != null) o.put("help", d.help());
            place(o, d.span());
            if (d.example() != null) o.set("example", parse(d.example()));
            ArrayNode related = o.putArray("related");
            for (Diagnostic.Related r : d.related()) {
                ObjectNode ro = related.addObject();
                ro.put("message", r.message());
                place(ro, r.span());
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", count(diagnostics, Severity.ERROR));
        summary.put("warnings", count(diagnostics, Severity.WARNING));
        summary.put("infos", count(diagnostics, Severity.INFO));
        out.println(root.toPrettyString());
        out.flush();
    }

    private static void place(ObjectNode o, SourceSpan s) {
        o.put("file", s.file());
        o.put("line", s.line());
        o.put("column", s.col());
    }

    private static long count(List<Diagnostic> ds, Severity s) {
        return ds.stream().filter(d -> d.severity() == s).count();
    }

    /** An example request as a JSON object. */
    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
