package dev.mayexec.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML into {@link YamlNode}s with Jackson's streaming parser, which, unlike its tree model,
 * tells where each token stands. Duplicate keys are errors, not silently overwritten.
 *
 * <p>A policy is untrusted until it is accepted, so the reader refuses, where they stand: aliases (the
 * streaming parser would hand an alias over as its anchor's name, and a reviewer reads the line, not
 * the anchor), and control, format and line-separator characters in keys and values (they can
 * change the meaning of the text a value ends up in, or hide from a reviewer). Only a
 * {@code description} may hold line breaks and tabs. A refused value reaches no later stage as
 * written: each refused character is replaced by its backslash-u escape.
 */
final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
    private static final int MAX_DEPTH = 64;
    /** The one key whose value is free text, which may span lines. */
    private static final String FREE_TEXT = "description";

    private final String file;
    private final Diagnostics diagnostics;

    YamlReader(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** SnakeYAML's own limit on a document's size would cut a file the loader accepts: it is the loader's. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(PolicyLoader.MAX_FILE_BYTES);
        return o;
    }

    /** Returns the document's root, or empty (with a diagnostic) when the text is not valid YAML. */
    Optional<YamlNode> read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return Optional.of(new YamlNode.MapNode(Map.of(), new SourceSpan(file, 1, 1)));
            }
            YamlNode root = node(p, 0, null);
            if (p.nextToken() != null) {
                diagnostics.error("mx.yaml.syntax", span(p.currentTokenLocation()),
                        "more than one YAML document in the file", "keep one document per file");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            SourceSpan at = loc == null ? SourceSpan.ofFile(file) : span(loc);
            diagnostics.error("mx.yaml.syntax", at, "invalid YAML: " + escaped(cleanMessage(e.getOriginalMessage())),
                    flowQuestionMark(text, at).orElse("check the indentation and quoting near this line"));
            return Optional.empty();
        } catch (IOException e) {
            diagnostics.error("mx.yaml.syntax", SourceSpan.ofFile(file), "cannot read YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The fix when a glob's {@code ?} stands in a flow list or map ({@code [/usr/bin/python3.??]}),
     * where YAML reads it as the mark of a key: quote the value, which the help spells out.
     */
    private static Optional<String> flowQuestionMark(String text, SourceSpan at) {
        String[] lines = text.split("\n", -1);
        if (at.line() > lines.length) return Optional.empty();
        String line = lines[at.line() - 1];
        int col = at.col() - 1;
        if (col >= line.length() || line.charAt(col) != '?' || line.lastIndexOf('[', col) < 0 && line.lastIndexOf('{', col) < 0) {
            return Optional.empty();
        }
        int from = col;
        while (from > 0 && ",[{ ".indexOf(line.charAt(from - 1)) < 0) from--;
        int to = col;
        while (to < line.length() && ",]} ".indexOf(line.charAt(to)) < 0) to++;
        return Optional.of("a `?` inside `[…]` or `{…}` starts a YAML key: quote the value, as in `\""
                + escaped(line.substring(from, to)) + "\"`, or write the list one item per line");
    }

    /** Reads the node at the current token; {@code key} is the map key it is the value of (or in the list of). */
    private YamlNode node(JsonParser p, int depth, String key) throws IOException {
        SourceSpan at = span(p.currentTokenLocation());
        if (depth > MAX_DEPTH) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (refusedAlias(p, at)) {
            // stands in as the text it is, so that later stages see a value rather than report its absence
            return new YamlNode.Scalar("*" + escaped(p.getText()), YamlNode.ScalarType.STRING, at);
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    SourceSpan keyAt = span(p.currentTokenLocation());
                    String name = checked(p.currentName(), false, "a key", keyAt);
                    p.nextToken();
                    YamlNode value = node(p, depth + 1, name);
                    YamlNode.Entry previous = entries.get(name);
                    if (previous != null) {
                        diagnostics.error("mx.yaml.duplicate-key", keyAt,
                                "duplicate key `" + name + "` (first at line " + previous.keySpan().line() + ")",
                                "remove one of the two; YAML keeps only one");
                    } else {
                        entries.put(name, new YamlNode.Entry(name, keyAt, value));
                    }
                }
                yield new YamlNode.MapNode(entries, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, depth + 1, key));
                }
                yield new YamlNode.SeqNode(items, at);
            }
            case VALUE_STRING -> new YamlNode.Scalar(checked(p.getText(), FREE_TEXT.equals(key),
                    key == null ? "a value" : "the value of `" + key + "`", at), YamlNode.ScalarType.STRING, at);
            case VALUE_NUMBER_INT -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.INT, at);
            case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.FLOAT, at);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(p.getText(), YamlNode.ScalarType.BOOL, at);
            case VALUE_NULL -> new YamlNode.Scalar("", YamlNode.ScalarType.NULL, at);
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unsupported YAML token " + t);
        };
    }

    /**
     * Reports an alias. Aliases are refused rather than expanded: nothing then grows with them (a
     * billion laughs is a list of errors), and every value is written where it applies. An anchor
     * alone changes nothing, so it is let be.
     */
    private boolean refusedAlias(JsonParser p, SourceSpan at) throws IOException {
        if (!((YAMLParser) p).isCurrentAlias()) return false;
        diagnostics.error("mx.yaml.alias", at, "YAML alias `*" + escaped(p.getText()) + "` is not supported",
                "write the value out where it is used: mayexec does not expand YAML aliases (docs/POLICY.md,"
                        + " Decisions taken)");
        return true;
    }

    /** Returns {@code text}, or, when it holds a refused character, its escaped form after reporting it. */
    private String checked(String text, boolean freeText, String what, SourceSpan at) {
        int bad = text.codePoints().filter(c -> refused(c, freeText)).findFirst().orElse(-1);
        if (bad < 0) return text;
        diagnostics.error("mx.yaml.bad-character", at, what + " holds " + String.format("U+%04X", bad) + " ("
                + kind(bad) + "): `" + abbreviated(escaped(text)) + "`",
                "remove the character: no key or value may hold control, format or line-separator characters, and"
                        + " only a `description` may span lines (docs/SECURITY.md)");
        return escaped(text);
    }

    private static boolean refused(int c, boolean freeText) {
        if (freeText && (c == '\n' || c == '\t')) return false;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static String kind(int c) {
        if (c == '\n' || c == '\r') return "a line break";
        return switch (Character.getType(c)) {
            case Character.CONTROL -> "a control character";
            case Character.FORMAT -> "an invisible format character";
            case Character.SURROGATE -> "half a surrogate pair";
            default -> "a line separator";
        };
    }

    /** {@code text} with every refused character written as a backslash-u escape, so that it can be shown. */
    static String escaped(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (refused(c, false)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static String abbreviated(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
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
