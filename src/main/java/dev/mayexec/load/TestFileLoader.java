package dev.mayexec.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.diag.Suggest;
import dev.mayexec.facts.Word;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.testing.PolicyTest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads policy test files: {@code tests:}, a list of {@code {name, request, want, rule, reason}}.
 * The request is written as YAML and read by the same strict reader as {@code decide}'s JSON; every
 * error is reported at its place (the offending field of a request, when the reader names one).
 */
public final class TestFileLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEST_KEYS = Set.of("name", "request", "want", "rule", "reason", "description");
    /** A field a request error names, such as {@code file.mode}. */
    private static final Pattern FIELD = Pattern.compile("`?((?:process|file)(?:\\.[a-z_]+)+|channel|argv|env)`?");

    private final Diagnostics diagnostics;
    private final Collection<String> ruleIds;
    private final Map<String, String> texts = new LinkedHashMap<>();

    /** @param ruleIds the policy's rule ids, which a test's {@code rule} must name */
    public TestFileLoader(Diagnostics diagnostics, Collection<String> ruleIds) {
        this.diagnostics = diagnostics;
        this.ruleIds = List.copyOf(ruleIds);
    }

    /** The text of every file read so far, by label: what diagnostics may show lines of. */
    public Map<String, String> texts() {
        return Map.copyOf(texts);
    }

    /** Reads one test file; {@code label} names it in diagnostics. Tests with errors are left out. */
    public List<PolicyTest> load(Path file, String label) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            texts.put(label, text);
        } catch (IOException e) {
            diagnostics.error("mx.test.io", SourceSpan.ofFile(label), "cannot read test file `" + label + "`: " + e.getMessage());
            return List.of();
        }
        Optional<YamlNode> root = new YamlReader(label, diagnostics).read(text);
        Optional<MapReader> top = root.flatMap(n -> MapReader.of(n, label, Set.of("tests", "description"),
                "a test file holds `tests:`, a list of tests", diagnostics));
        if (top.isEmpty()) return List.of();
        Optional<YamlNode> tests = top.get().require("tests", "list the tests under `tests:`");
        if (tests.isEmpty()) return List.of();
        if (!(tests.get() instanceof YamlNode.SeqNode seq)) {
            diagnostics.error("mx.load.type", tests.get().span(), "`tests` must be a list, found " + tests.get().kind(),
                    "start each test with `- name: …`");
            return List.of();
        }
        List<PolicyTest> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            test(item).ifPresent(out::add);
        }
        return out;
    }

    private Optional<PolicyTest> test(YamlNode node) {
        Optional<MapReader> r = MapReader.of(node, "a test", TEST_KEYS, diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        Optional<String> name = m.requireString("name", "name the test, as in `name: alice runs her own script`");
        List<String> wants = Word.ids(PolicyTest.Want.class);
        Optional<PolicyTest.Want> want = m.require("want", "write `want: allow`, `deny` or `audit`")
                .flatMap(n -> MapReader.word(n, "`want`", wants, t -> Word.parse(PolicyTest.Want.class, t), diagnostics));
        Optional<String> rule = m.string("rule");
        rule.filter(id -> !ruleIds.contains(id)).ifPresent(id -> diagnostics.error("mx.test.unknown-rule",
                m.get("rule").orElseThrow().span(), "the policy has no rule `" + id + "`", Suggest.help(id, ruleIds)));
        Optional<String> reason = m.string("reason");
        m.string("description");
        Optional<dev.mayexec.facts.Request> request = m.require("request", "give the request, as in "
                + "`request: {channel: file, file: {path: /tmp/x}}`").flatMap(this::request);
        boolean ruleOk = rule.isEmpty() || ruleIds.contains(rule.get());
        if (name.isEmpty() || want.isEmpty() || request.isEmpty() || !ruleOk) return Optional.empty();
        return Optional.of(new PolicyTest(name.get(), request.get(), want.get(), rule.orElse(null), reason.orElse(null),
                m.span()));
    }

    private Optional<dev.mayexec.facts.Request> request(YamlNode node) {
        JsonNode json;
        try {
            json = json(node);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // reported where the value stands
        }
        try {
            return Optional.of(RequestJson.parse(JSON.writeValueAsString(json)));
        } catch (RequestException e) {
            diagnostics.error("mx.test.bad-request", place(node, e.getMessage()), "invalid request: " + e.getMessage(),
                    "write the request as `decide` reads it (README, Requests and decisions), in YAML");
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** The YAML request as JSON; YAML 1.1's {@code yes}/{@code no} are refused, as in policies. */
    private JsonNode json(YamlNode n) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (n) {
            case YamlNode.MapNode m -> {
                ObjectNode o = f.objectNode();
                m.entries().values().forEach(e -> o.set(e.key(), json(e.value())));
                yield o;
            }
            case YamlNode.SeqNode s -> {
                ArrayNode a = f.arrayNode();
                s.items().forEach(i -> a.add(json(i)));
                yield a;
            }
            case YamlNode.Scalar s -> switch (s.type()) {
                case STRING -> f.textNode(s.text());
                case INT -> s.text().matches("[0-9]+") ? f.numberNode(new BigInteger(s.text())) : f.textNode(s.text());
                case FLOAT -> f.textNode(s.text());
                case NULL -> f.nullNode();
                case BOOL -> {
                    String t = s.text().toLowerCase(java.util.Locale.ROOT);
                    if (!t.equals("true") && !t.equals("false")) {
                        diagnostics.error("mx.load.bad-value", s.span(), "`" + s.text() + "` is not `true` or `false`",
                                "write `true` or `false`; YAML's `yes`, `no`, `on` and `off` are not accepted");
                        throw new IllegalArgumentException(s.text());
                    }
                    yield f.booleanNode(t.equals("true"));
                }
            };
        };
    }

    /** The place of the field a request error names, or of the request. */
    private static SourceSpan place(YamlNode request, String message) {
        Matcher m = FIELD.matcher(message);
        if (!m.find()) return request.span();
        YamlNode at = request;
        for (String key : m.group(1).split("\\.")) {
            if (!(at instanceof YamlNode.MapNode map) || !map.entries().containsKey(key)) break;
            YamlNode.Entry e = map.entries().get(key);
            at = e.value() instanceof YamlNode.Scalar ? new YamlNode.Scalar("", YamlNode.ScalarType.NULL, e.keySpan())
                    : e.value();
        }
        return at.span();
    }
}
