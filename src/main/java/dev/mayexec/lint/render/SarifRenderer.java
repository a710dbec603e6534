package dev.mayexec.lint.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.lint.LintCheck;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Diagnostics as a SARIF 2.1.0 log, for code-scanning tools to show inline: one run, a rule
 * descriptor per code (lint checks with their summaries and default levels), a result per
 * diagnostic with its region, related locations, and the example request in the result's
 * property bag. Files are named as the policy directory was given (relative to where the tool ran),
 * so a repository-relative {@code --policy} gives repository-relative locations.
 */
public final class SarifRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifRenderer() {}

    public static void render(PrintWriter out, Path dir, List<Diagnostic> diagnostics, List<LintCheck> checks,
            String version) {
        SourceText src = new SourceText(dir);
        ObjectNode root = JsonRenderer.JSON.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "mayexec");
        driver.put("version", version);
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode rules = driver.putArray("rules");
        List<String> codes = new ArrayList<>();
        diagnostics.forEach(d -> {
            if (!codes.contains(d.code())) codes.add(d.code());
        });
        for (String code : codes) {
            ruleIndex.put(code, ruleIndex.size());
            ObjectNode r = rules.addObject();
            r.put("id", code);
            LintCheck check = checks.stream().filter(c -> code.equals("mx.lint." + c.id())).findFirst().orElse(null);
            r.putObject("shortDescription").put("text", check != null ? check.summary() : describe(code));
            if (check != null) r.putObject("defaultConfiguration").put("level", level(check.severity().label()));
        }
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : diagnostics) {
            ObjectNode r = results.addObject();
            r.put("ruleId", d.code());
            r.put("ruleIndex", ruleIndex.get(d.code()));
            r.put("level", level(d.severity().label()));
            r.putObject("message").put("text", d.message() + (d.help() == null ? "" : " (help: " + d.help() + ")"));
            r.putArray("locations").addObject().set("physicalLocation", physical(dir, src, d.span()));
            if (!d.related().isEmpty()) {
                ArrayNode rel = r.putArray("relatedLocations");
                int id = 1;
                for (Diagnostic.Related x : d.related()) {
                    ObjectNode loc = rel.addObject();
                    loc.put("id", id++);
                    loc.set("physicalLocation", physical(dir, src, x.span()));
                    loc.putObject("message").put("text", x.message());
                }
            }
            if (d.example() != null) r.putObject("properties").set("example", JsonRenderer.parse(d.example()));
        }
        out.println(root.toPrettyString());
        out.flush();
    }

    private static String describe(String code) {
        String stage = code.split("\\.").length > 1 ? code.split("\\.")[1] : "policy";
        return "the policy does not " + switch (stage) {
            case "yaml" -> "parse as YAML";
            case "load" -> "load";
            case "check" -> "pass the checker";
            case "compile" -> "compile";
            default -> "pass";
        };
    }

    private static String level(String severity) {
        return severity.equals("info") ? "note" : severity;
    }

    private static ObjectNode physical(Path dir, SourceText src, SourceSpan span) {
        ObjectNode p = JsonRenderer.JSON.createObjectNode();
        p.putObject("artifactLocation").put("uri", uri(dir, span.file()));
        if (span.line() > 0) {
            ObjectNode region = p.putObject("region");
            region.put("startLine", span.line());
            region.put("startColumn", span.col());
            region.put("endColumn", span.col() + src.width(span));
        }
        return p;
    }

    /** A relative URI reference for a relative policy directory, else a {@code file:} URI. */
    static String uri(Path dir, String file) {
        Path p = file.equals(".") ? dir : dir.resolve(file);
        if (p.isAbsolute()) return p.toUri().toString();
        try {
            return new URI(null, null, p.normalize().toString().replace('\\', '/'), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot name `" + p + "` as a URI", e);
        }
    }
}
