package dev.mayexec.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML into {@link YamlNode}s with Jackson's streaming parser, which, unlike its tree model,
 * tells where each token stands. Duplicate keys are errors, not silently overwritten.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final int MAX_DEPTH = 64;

    private final String file;
    private final Diagnostics diagnostics;

    YamlReader(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** Returns the document's root, or empty (with a diagnostic) when the text is not valid YAML. */
    Optional<YamlNode> read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Optional.of(new YamlNode.MapNode(Map.of(), new SourceSpan(file, 1, 1)));
            }
            YamlNode root = node(p, 0);
            if (p.nextToken() != null) {
                diagnostics.error("mx.yaml.syntax", span(p.currentTokenLocation()),
                        "more than one YAML document in the file", "keep one document per file");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            SourceSpan at = loc == null ? SourceSpan.ofFile(file) : span(loc);
            diagnostics.error("mx.yaml.syntax", at, "invalid YAML: " + cleanMessage(e.getOriginalMessage()),
                    "check the indentation and quoting near this line");
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error("mx.yaml.syntax", SourceSpan.ofFile(file), "cannot read YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    private YamlNode node(JsonParser p, int depth) throws IOException {
        SourceSpan at = span(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    SourceSpan keyAt = span(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(p, depth + 1);
                    YamlNode.Entry previous = entries.get(key);
                    if (previous != null) {
                        diagnostics.error("mx.yaml.duplicate-key", keyAt,
                                "duplicate key `" + key + "` (first at line " + previous.keySpan().line() + ")",
                                "remove one of the two; YAML keeps only one");
                    } else {
                        entries.put(key, new YamlNode.Entry(key, keyAt, value));
                    }
                }
                yield new YamlNode.MapNode(entries, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, depth + 1));
                }
                yield new YamlNode.SeqNode(items, at);
            }
            case VALUE_STRING -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.STRING, at);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.INT, at);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.FLOAT, at);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.BOOL, at);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, at);
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unsupported YAML token " + t);
        };
    }

    private SourceSpan span(JsonLocation loc) {
        return new SourceSpan(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    /** SnakeYAML's messages span several lines and repeat the place; keep the first clause. */
    static String cleanMessage(String raw) {
        if (raw == null) return "syntax error";
        // the snippet and caret lines are indented; the place is ours to report
        String first = raw.lines()
                .filter(l -> !l.startsWith("    ") && !l.strip().startsWith("in 'reader'") && !l.isBlank())
                .map(String::strip)
                .reduce((a, b) -> a + "; " + b)
                .orElse("syntax error");
        first = first.replaceAll("\\s*in 'reader', line \\d+, column \\d+:?", "");
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
