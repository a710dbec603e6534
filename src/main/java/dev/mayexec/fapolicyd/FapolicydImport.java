package dev.mayexec.fapolicyd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.fapolicyd.Outcome.Note;
import dev.mayexec.fapolicyd.Outcome.Status;
import dev.mayexec.fapolicyd.PolicyBuilder.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mayexec import fapolicyd}: reads fapolicyd rules (a rules.d directory or a compiled rules
 * file) and trust files, and makes a mayexec policy that decides as the rules do, with a report
 * that marks every source rule exact, approximate or dropped (docs/FAPOLICYD.md).
 */
public final class FapolicydImport {
    /** The report's and the policy's file names in the output directory. */
    public static final List<String> OUTPUT_FILES = List.of("policy.yaml", "import-report.json", "import-report.txt");

    private FapolicydImport() {}

    /** What to import: the fapolicyd version whose quirks apply, and its trust files (none: no list). */
    public record Options(FaVersion version, List<Path> trust) {
        public Options {
            trust = List.copyOf(trust);
        }
    }

    /**
     * The import: diagnostics (errors make {@link #ok} false, and nothing else is set); the policy;
     * the report as text and JSON; whether every deny was carried over ({@code complete}).
     */
    public record Result(List<Diagnostic> diagnostics, String policy, String reportText, String reportJson,
            boolean complete) {
        public boolean ok() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }

    public static Result run(Path rules, Options options) {
        return run(rules, options, RulesReader.Names.system());
    }

    static Result run(Path rules, Options options, RulesReader.Names names) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        RulesReader.Result read = RulesReader.read(rules, names);
        diagnostics.addAll(read.diagnostics());
        TrustList trust = options.trust().isEmpty() ? null : TrustList.read(options.trust(), diagnostics);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Result(List.copyOf(diagnostics.stream().sorted(Diagnostic.BY_PLACE).toList()), null, null, null, false);
        }
        int trustLeftOut = 0;
        if (trust != null) {
            // a listed path mayexec's patterns cannot hold is left out of the set (reported)
            TrustList usable = new TrustList(trust.paths().stream().filter(FapolicydImport::writable).collect(
                    java.util.stream.Collectors.toSet()));
            trustLeftOut = trust.paths().size() - usable.paths().size();
            trust = usable;
        }
        Imported imported = translate(read.rules(), options.version(), trust);
        String description = "imported from fapolicyd " + options.version().label() + " rules in " + rules;
        String policy = imported.builder().policy(description, trust);
        List<Entry> entries = imported.builder().entries();
        boolean complete = entries.stream().noneMatch(Entry::incomplete);
        Map<String, Object> summary = summary(rules, options, trust, trustLeftOut, entries, complete);
        return new Result(List.copyOf(diagnostics), policy, text(summary, entries), json(summary, entries), complete);
    }

    /** The translation of rules already read; tests use it with rules made in memory. */
    record Imported(List<Outcome> outcomes, PolicyBuilder builder) {}

    static Imported translate(List<FaRule> rules, FaVersion version, TrustList trust) {
        Translator t = new Translator(version, trust);
        List<Outcome> outcomes = rules.stream().map(t::translate).toList();
        return new Imported(outcomes, PolicyBuilder.build(outcomes));
    }

    /** Writes policy.yaml and the report into {@code dir}, made if absent. */
    public static void write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("policy.yaml"), r.policy(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("import-report.json"), r.reportJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("import-report.txt"), r.reportText(), StandardCharsets.UTF_8);
    }

    private static boolean writable(String p) {
        return Translator.canonical(p) && p.chars().noneMatch(c -> c == '"' || c == '\\' || c == '[' || c == ']'
                || c == '{' || c == '}' || c == '*' || c == '?' || c < 0x20);
    }

    private static Map<String, Object> summary(Path rules, Options options, TrustList trust, int trustLeftOut,
            List<Entry> entries, boolean complete) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        for (Entry e : entries) counts.merge(e.status(), 1, Integer::sum);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", rules.toString());
        m.put("version", options.version().label());
        m.put("trust", trust == null ? "none given: trust=1 is taken as package-trusted" : trust.paths().size() + " paths"
                + (trustLeftOut == 0 ? "" : " (" + trustLeftOut + " left out: mayexec's patterns cannot hold them)"));
        m.put("rules", entries.size());
        for (Status s : Status.values()) m.put(s.word(), counts.get(s));
        m.put("complete", complete);
        return m;
    }

    private static String text(Map<String, Object> summary, List<Entry> entries) {
        StringBuilder b = new StringBuilder("fapolicyd import report\n");
        summary.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        if (!(Boolean) summary.get("complete")) {
            b.append("  INCOMPLETE: a deny below was not carried over whole; the policy allows more than fapolicyd did there\n");
        }
        b.append('\n');
        for (Entry e : entries) {
            b.append(String.format("rule %d  %s:%d  %s%s%n    %s%n", e.rule().number(), e.rule().span().file(),
                    e.rule().span().line(), e.status().word(), e.incomplete() ? " (deny not carried over whole)" : "",
                    e.rule().text()));
            b.append("    -> ").append(e.ids().isEmpty() ? (e.status() == Status.DROPPED ? "no rule" : "no rule: it never matches")
                    : String.join(", ", e.ids())).append('\n');
            for (Note n : e.notes()) b.append("    ").append(n.code()).append(": ").append(n.detail()).append('\n');
        }
        return b.toString();
    }

    private static String json(Map<String, Object> summary, List<Entry> entries) {
        Map<String, Object> root = new LinkedHashMap<>(summary);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", e.rule().number());
            m.put("source", e.rule().span().file() + ":" + e.rule().span().line());
            m.put("text", e.rule().text());
            m.put("status", e.status().word());
            m.put("incomplete", e.incomplete());
            m.put("mayexec_rules", e.ids());
            m.put("notes", e.notes().stream().map(n -> Map.of("code", n.code(), "detail", n.detail())).toList());
            list.add(m);
        }
        root.put("entries", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
