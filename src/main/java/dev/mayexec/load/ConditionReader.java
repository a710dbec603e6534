package dev.mayexec.load;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.diag.Suggest;
import dev.mayexec.facts.Capabilities;
import dev.mayexec.policy.Attribute;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code when:} and {@code unless:} blocks, and the path patterns they and sets hold. */
final class ConditionReader {
    private final Diagnostics diagnostics;

    ConditionReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Reads a block of conditions that must all hold; reports every bad key and value. */
    List<Condition> block(YamlNode node, String what) {
        if (!(node instanceof YamlNode.MapNode m)) {
            diagnostics.error("mx.load.type", node.span(), what + " must be a map of attribute: value, found "
                    + node.kind(), "write for example `user: alice`");
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (YamlNode.Entry e : m.entries().values()) {
            Optional<Attribute> a = Attribute.parse(e.key());
            if (a.isEmpty()) {
                diagnostics.error("mx.load.unknown-attribute", e.keySpan(), "unknown attribute `" + e.key() + "` in " + what,
                        Suggest.help(e.key(), Attribute.keys()));
                continue;
            }
            condition(a.get(), e.value(), e.keySpan()).ifPresent(out::add);
        }
        if (m.entries().isEmpty()) {
            diagnostics.error("mx.load.empty-block", m.span(), what + " is empty",
                    what.startsWith("`unless`") ? "an empty exception would cancel the rule for every request; remove it"
                            : "leave `when` out to match every request");
        }
        return out;
    }

    private Optional<Condition> condition(Attribute a, YamlNode v, SourceSpan at) {
        String what = "attribute `" + a.key() + "`";
        if (v instanceof YamlNode.MapNode m && m.entries().containsKey("set")) {
            if (a.setType() == null) {
                diagnostics.error("mx.load.type", v.span(), what + " cannot take a set", expectation(a));
                return Optional.empty();
            }
            return MapReader.of(v, "a set reference", Set.of("set"), diagnostics)
                    .flatMap(r -> r.string("set"))
                    .map(name -> new Condition.InSet(a, name, at));
        }
        return switch (a.type()) {
            case STRING, STRING_MEMBER -> strings(v, what)
                    .filter(vs -> a != Attribute.CAPABILITY || knownCapabilities(vs, v))
                    .map(vs -> new Condition.OneOf(a, vs, at));
            case ENUM -> words(a, v, what).map(vs -> new Condition.OneOf(a, vs, at));
            case INT, INT_MEMBER -> ints(a, v, what, at);
            case BOOL -> bool(v, what).map(b -> new Condition.Is(a, b, at));
            case PATH -> paths(v, what).map(ps -> new Condition.PathMatch(a, ps, at));
            case MODE -> mode(a, v, what, at);
        };
    }

    private static String expectation(Attribute a) {
        return switch (a.type()) {
            case STRING, STRING_MEMBER -> "write a value, a list of values, or `{set: NAME}`";
            case ENUM -> "write one of: " + String.join(", ", a.words());
            case INT, INT_MEMBER -> "write a number, a list of numbers, `{min: N, max: M}` or `{set: NAME}`";
            case BOOL -> "write `true` or `false`";
            case PATH -> "write an absolute path, a glob, `{under: DIR}`, a list of these, or `{set: NAME}`";
            case MODE -> "write `{any: \"0022\"}`, `{all: \"0111\"}` or `{none: \"0002\"}`";
        };
    }

    private Optional<List<String>> strings(YamlNode v, String what) {
        if (v instanceof YamlNode.MapNode) {
            diagnostics.error("mx.load.type", v.span(), what + " takes a value or a list, found a map",
                    "write a value, a list of values, or `{set: NAME}`");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : nonEmpty(v, what)) {
            Optional<String> t = MapReader.value(item, what, diagnostics);
            ok &= t.isPresent();
            t.ifPresent(out::add);
        }
        return ok && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private boolean knownCapabilities(List<String> names, YamlNode at) {
        List<String> unknown = names.stream().filter(n -> !Capabilities.isKnown(n)).toList();
        for (String n : unknown) {
            diagnostics.error("mx.load.bad-value", at.span(), "unknown capability `" + n + "`",
                    Suggest.help(n.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", ""), Capabilities.ALL));
        }
        return unknown.isEmpty();
    }

    private Optional<List<String>> words(Attribute a, YamlNode v, String what) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : nonEmpty(v, what)) {
            Optional<String> w = MapReader.word(item, what, a.words(),
                    t -> a.words().contains(t) ? Optional.of(t) : Optional.empty(), diagnostics);
            ok &= w.isPresent();
            w.ifPresent(out::add);
        }
        return ok && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private Optional<Condition> ints(Attribute a, YamlNode v, String what, SourceSpan at) {
        if (v instanceof YamlNode.MapNode) {
            if (a.type() != ValueType.INT) {
                diagnostics.error("mx.load.type", v.span(), what + " takes numbers, not a range", expectation(a));
                return Optional.empty();
            }
            Optional<MapReader> r = MapReader.of(v, "a range", Set.of("min", "max"), diagnostics);
            if (r.isEmpty()) return Optional.empty();
            Integer min = r.get().get("min").flatMap(n -> integer(n, what)).orElse(null);
            Integer max = r.get().get("max").flatMap(n -> integer(n, what)).orElse(null);
            if (min == null && max == null) {
                diagnostics.error("mx.load.bad-value", v.span(), "the range of " + what + " has no bound",
                        "write `{min: N}`, `{max: M}` or both");
                return Optional.empty();
            }
            if (min != null && max != null && min > max) {
                diagnostics.error("mx.load.bad-value", v.span(), "the range of " + what + " is empty: min "
                        + min + " is above max " + max, "swap the bounds");
                return Optional.empty();
            }
            return Optional.of(new Condition.IntRange(a, min, max, at));
        }
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : nonEmpty(v, what)) {
            Optional<Integer> i = integer(item, what);
            ok &= i.isPresent();
            i.ifPresent(out::add);
        }
        return ok && !out.isEmpty() ? Optional.of(new Condition.IntOneOf(a, out, at)) : Optional.empty();
    }

    private Optional<Integer> integer(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT && !s.text().startsWith("-")) {
            try {
                return Optional.of(Integer.parseInt(s.text()));
            } catch (NumberFormatException tooLarge) {
                diagnostics.error("mx.load.bad-value", n.span(), what + " must be a number from 0 to 2147483647, found `"
                        + s.text() + "`");
                return Optional.empty();
            }
        }
        diagnostics.error("mx.load.type", n.span(), what + " must be a number, found " + n.kind());
        return Optional.empty();
    }

    /**
     * Only {@code true} and {@code false}: YAML 1.1 also reads {@code yes}, {@code no}, {@code on} and
     * {@code off} as booleans, which is too easy to get backwards in a security policy.
     */
    Optional<Boolean> bool(YamlNode v, String what) {
        if (v instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.BOOL) {
            String t = s.text().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("true") || t.equals("false")) return Optional.of(t.equals("true"));
            diagnostics.error("mx.load.bad-value", v.span(), what + " must be `true` or `false`, found `" + s.text() + "`",
                    "write `true` or `false`; YAML's `yes`, `no`, `on` and `off` are not accepted");
            return Optional.empty();
        }
        diagnostics.error("mx.load.type", v.span(), what + " must be `true` or `false`, found " + v.kind(),
                v instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING
                        ? "write it without quotes" : null);
        return Optional.empty();
    }

    /** Reads one path pattern or a list of them; used by conditions, path sets and executables. */
    Optional<List<PathPattern>> paths(YamlNode v, String what) {
        if (v instanceof YamlNode.MapNode) {
            return pattern(v, what).map(List::of);
        }
        List<PathPattern> out = new ArrayList<>();
        boolean ok = true;
        for (YamlNode item : nonEmpty(v, what)) {
            Optional<PathPattern> p = pattern(item, what);
            ok &= p.isPresent();
            p.ifPresent(out::add);
        }
        return ok && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private Optional<PathPattern> pattern(YamlNode n, String what) {
        if (n instanceof YamlNode.MapNode) {
            Optional<MapReader> r = MapReader.of(n, "a path pattern", Set.of("under", "glob"), diagnostics);
            if (r.isEmpty()) return Optional.empty();
            if (r.get().has("under") == r.get().has("glob")) {
                diagnostics.error("mx.load.bad-value", n.span(), "a path pattern needs exactly one of `under` or `glob`",
                        "write `{under: /opt/app}` or `{glob: /opt/*/bin/*}`");
                return Optional.empty();
            }
            if (r.get().has("under")) {
                return r.get().string("under").flatMap(d -> checkedPath(d, n, what, false)).map(PathPattern.Under::new);
            }
            return r.get().string("glob").flatMap(g -> checkedPath(g, n, what, true)).map(PathPattern.Glob::of);
        }
        return MapReader.text(n, what, diagnostics).flatMap(t -> checkedPath(t, n, what, true))
                .map(t -> t.indexOf('*') >= 0 || t.indexOf('?') >= 0 ? PathPattern.Glob.of(t) : new PathPattern.Exact(t));
    }

    private Optional<String> checkedPath(String p, YamlNode n, String what, boolean globAllowed) {
        String problem = null;
        if (!p.startsWith("/")) {
            problem = "is not absolute";
        } else if (p.length() > 1 && p.endsWith("/")) {
            problem = "ends with `/`";
        } else if (p.contains("//") || p.contains("/./") || p.contains("/../") || p.endsWith("/.") || p.endsWith("/..")) {
            problem = "is not normalised (it holds `//`, `.` or `..`)";
        } else if (p.chars().anyMatch(c -> c == '"' || c == '\\' || c == '[' || c == ']' || c == '{' || c == '}' || c < 0x20)) {
            problem = "holds a character that patterns do not support (quote, backslash, brackets, braces or control)";
        } else if (!globAllowed && (p.indexOf('*') >= 0 || p.indexOf('?') >= 0)) {
            problem = "holds glob characters, which `under` does not take";
        }
        if (problem != null) {
            diagnostics.error("mx.load.bad-path", n.span(), "path `" + p + "` in " + what + " " + problem,
                    "write an absolute, normalised path such as `/usr/lib/python3`");
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private Optional<Condition> mode(Attribute a, YamlNode v, String what, SourceSpan at) {
        Optional<MapReader> r = MapReader.of(v, what, Set.of("any", "all", "none"), expectation(a), diagnostics);
        if (r.isEmpty()) return Optional.empty();
        List<Condition.ModeTest> tests = new ArrayList<>();
        for (Condition.ModeTest t : Condition.ModeTest.values()) {
            if (r.get().has(t.id())) tests.add(t);
        }
        if (tests.size() != 1) {
            diagnostics.error("mx.load.bad-value", v.span(), what + " needs exactly one of `any`, `all` or `none`",
                    expectation(a));
            return Optional.empty();
        }
        Condition.ModeTest test = tests.getFirst();
        YamlNode maskNode = r.get().get(test.id()).orElseThrow();
        return MapReader.text(maskNode, what, diagnostics).flatMap(t -> {
            if (t.matches("0?[0-7]{1,4}")) {
                return Optional.of(new Condition.ModeBits(a, test, Integer.parseInt(t, 8), at));
            }
            diagnostics.error("mx.load.bad-value", maskNode.span(), "mode mask `" + t + "` is not octal bits",
                    "write an octal mask in quotes, such as \"0022\"");
            return Optional.empty();
        });
    }

    List<YamlNode> nonEmptyList(YamlNode v, String what) {
        return nonEmpty(v, what);
    }

    private List<YamlNode> nonEmpty(YamlNode v, String what) {
        List<YamlNode> items = MapReader.items(v);
        if (items.isEmpty()) {
            diagnostics.error("mx.load.bad-value", v.span(), what + " has an empty list, which matches nothing",
                    "list at least one value, or remove the condition");
        }
        return items;
    }
}
