package dev.mayexec.load;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.diag.Suggest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the keys of one YAML map: reports keys it does not know (with "did you mean"), missing
 * required keys and values of the wrong type, each at its own place.
 */
final class MapReader {
    private final YamlNode.MapNode map;
    private final String what;
    private final Diagnostics diagnostics;

    private MapReader(YamlNode.MapNode map, String what, Diagnostics diagnostics) {
        this.map = map;
        this.what = what;
        this.diagnostics = diagnostics;
    }

    /** Returns a reader over {@code node}, or empty with a diagnostic when it is not a map. */
    static Optional<MapReader> of(YamlNode node, String what, Set<String> keys, Diagnostics diagnostics) {
        return of(node, what, keys, null, diagnostics);
    }

    /** Like {@link #of(YamlNode, String, Set, Diagnostics)}, with the fix to show when it is not a map. */
    static Optional<MapReader> of(YamlNode node, String what, Set<String> keys, String help, Diagnostics diagnostics) {
        if (!(node instanceof YamlNode.MapNode m)) {
            diagnostics.error("mx.load.type", node.span(), what + " must be a map, found " + node.kind(), help);
            return Optional.empty();
        }
        MapReader r = new MapReader(m, what, diagnostics);
        for (YamlNode.Entry e : m.entries().values()) {
            if (!keys.contains(e.key())) {
                diagnostics.error("mx.load.unknown-key", e.keySpan(), "unknown key `" + e.key() + "` in " + what,
                        Suggest.help(e.key(), keys));
            }
        }
        return Optional.of(r);
    }

    SourceSpan span() {
        return map.span();
    }

    Optional<YamlNode> get(String key) {
        return Optional.ofNullable(map.entries().get(key)).map(YamlNode.Entry::value);
    }

    Optional<SourceSpan> keySpan(String key) {
        return Optional.ofNullable(map.entries().get(key)).map(YamlNode.Entry::keySpan);
    }

    boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** Returns the value of a key that must be present, reporting it when absent. */
    Optional<YamlNode> require(String key, String help) {
        Optional<YamlNode> v = get(key);
        if (v.isEmpty()) {
            diagnostics.error("mx.load.missing-key", map.span(), what + " has no `" + key + "`", help);
        }
        return v;
    }

    /** Returns a key's text, if present and a non-empty scalar that is not a map or list. */
    Optional<String> string(String key) {
        return get(key).flatMap(n -> text(n, "`" + key + "` of " + what, diagnostics));
    }

    Optional<String> requireString(String key, String help) {
        return require(key, help).flatMap(n -> text(n, "`" + key + "` of " + what, diagnostics));
    }

    /** Returns a word of {@code words}, reporting any other value with a suggestion. */
    <T> Optional<T> word(String key, List<String> words, Function<String, Optional<T>> parse) {
        return get(key).flatMap(n -> word(n, "`" + key + "` of " + what, words, parse, diagnostics));
    }

    static Optional<String> text(YamlNode n, String what, Diagnostics diagnostics) {
        if (n instanceof YamlNode.Scalar s && s.type() != YamlNode.ScalarType.NULL && !s.text().isEmpty()) {
            return Optional.of(s.text());
        }
        diagnostics.error("mx.load.type", n.span(), what + " must be a single value, found "
                + (n instanceof YamlNode.Scalar s && s.text().isEmpty() ? "an empty value" : n.kind()));
        return Optional.empty();
    }

    /** Like {@link #text}, for values that end up in generated rules: no quotes, backslashes or controls. */
    static Optional<String> value(YamlNode n, String what, Diagnostics diagnostics) {
        return text(n, what, diagnostics).filter(t -> {
            boolean ok = t.chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20);
            if (!ok) {
                diagnostics.error("mx.load.bad-value", n.span(), what + " `" + t + "` holds a quote, backslash or control character",
                        "such values cannot name a user, service, interpreter or file; remove the character");
            }
            return ok;
        });
    }

    Optional<String> requireValue(String key, String help) {
        return require(key, help).flatMap(n -> value(n, "`" + key + "` of " + what, diagnostics));
    }

    static <T> Optional<T> word(YamlNode n, String what, List<String> words, Function<String, Optional<T>> parse,
            Diagnostics diagnostics) {
        return text(n, what, diagnostics).flatMap(t -> {
            Optional<T> v = parse.apply(t);
            if (v.isEmpty()) {
                diagnostics.error("mx.load.bad-value", n.span(), "unknown value `" + t + "` for " + what,
                        Suggest.help(t, words));
            }
            return v;
        });
    }

    /** Returns the items of a list, or of a single scalar as a list of one. */
    static List<YamlNode> items(YamlNode n) {
        return n instanceof YamlNode.SeqNode s ? s.items() : List.of(n);
    }
}
