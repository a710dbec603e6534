package dev.mayexec.lint.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.lint.LintChecks;
import dev.mayexec.lint.LintOptions;
import dev.mayexec.lint.Linter;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text, JSON and SARIF output; the SARIF log is validated against the published 2.1.0 schema. */
class RenderersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEAD = Path.of("compiler-tests/lint/dead-allow/01-one-deny-covers/policy");
    private static final Path UNLESS = Path.of("compiler-tests/lint/impossible-condition/03-exceptions/policy");

    private static List<Diagnostic> lint(Path dir) throws Exception {
        return Pipeline.lint(dir, Linter.standard(LintOptions.DEFAULT)).diagnostics();
    }

    private static String render(Renderer r) {
        StringWriter sw = new StringWriter();
        r.to(new PrintWriter(sw));
        return sw.toString();
    }

    private interface Renderer {
        void to(PrintWriter out);
    }

    private static Schema sarifSchema() throws Exception {
        try (InputStream in = RenderersTest.class.getResourceAsStream("/sarif/sarif-2.1.0.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void sarif_passesThePublishedSchema_withRegionsRelatedLocationsAndExamples() throws Exception {
        List<Diagnostic> ds = new ArrayList<>(lint(DEAD));
        ds.addAll(lint(UNLESS));
        String sarif = render(out -> SarifRenderer.render(out, DEAD, ds, LintChecks.ALL, "0.1.0"));
        JsonNode log = JSON.readTree(sarif);
        assertEquals(List.of(), sarifSchema().validate(log).stream().map(Object::toString).toList());
        JsonNode results = log.at("/runs/0/results");
        assertEquals(ds.size(), results.size());
        JsonNode dead = results.get(0);
        assertEquals("mx.lint.dead-allow", dead.get("ruleId").asText());
        assertEquals("warning", dead.get("level").asText());
        assertEquals(4, dead.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertEquals("compiler-tests/lint/dead-allow/01-one-deny-covers/policy/policy.yaml",
                dead.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals("deny rule `no-app`", dead.at("/relatedLocations/0/message/text").asText());
        assertEquals("file", dead.at("/properties/example/channel").asText());
        assertTrue(log.at("/runs/0/tool/driver/rules").findValuesAsText("id").contains("mx.lint.impossible-condition"));
    }

    @Test
    void sarif_ofAPolicyThatDoesNotLoad_isValidToo_andTheSchemaCatchesABrokenLog() throws Exception {
        Path broken = Path.of("compiler-tests/02-undefined-set/policy");
        List<Diagnostic> ds;
        try {
            ds = lint(broken);
        } catch (PolicyException e) {
            ds = e.diagnostics();
        }
        List<Diagnostic> errors = ds;
        JsonNode log = JSON.readTree(render(out -> SarifRenderer.render(out, broken, errors, LintChecks.ALL, "0.1.0")));
        assertEquals(List.of(), sarifSchema().validate(log).stream().map(Object::toString).toList());
        assertEquals("mx.check.undefined-set", log.at("/runs/0/results/0/ruleId").asText());
        ((ObjectNode) log).remove("version");
        assertFalse(sarifSchema().validate(log).isEmpty(), "the validator is not vacuous");
    }

    @Test
    void text_underlinesTheOffendingPart_andShowsTheExample() throws Exception {
        String text = render(out -> TextRenderer.render(out, DEAD, lintUnchecked(DEAD)));
        assertTrue(text.contains("policy.yaml:4:5: warning[mx.lint.dead-allow]: allow rule `app-bin` never takes effect"),
                text);
        assertTrue(text.contains("    |   - id: app-bin  # expect: mx.lint.dead-allow\n    |     ^^^^^^^^^^^\n"), text);
        assertTrue(text.contains("    = see: deny rule `no-app` at "), text);
        assertTrue(text.contains("    = example: {\"channel\":\"file\""), text);
        assertEquals(9, SourceText.width("    when: {user: bob}", 12), "a key in a flow map ends at its brace");
        assertEquals(4, SourceText.width("defaults: {file: alow}", 18), "a value is one token");
    }

    private static List<Diagnostic> lintUnchecked(Path dir) {
        try {
            return lint(dir);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void json_hasEveryFieldAndASummary() throws Exception {
        JsonNode doc = JSON.readTree(render(out -> JsonRenderer.render(out, DEAD, lintUnchecked(DEAD))));
        JsonNode d = doc.at("/diagnostics/0");
        assertEquals("mx.lint.dead-allow", d.get("code").asText());
        assertEquals("policy.yaml", d.get("file").asText());
        assertEquals(4, d.get("line").asInt());
        assertTrue(d.get("example").isObject());
        assertEquals(10, d.at("/related/0/line").asInt());
        assertEquals(1, doc.at("/summary/warnings").asInt());
        assertEquals(0, doc.at("/summary/errors").asInt());
    }
}
