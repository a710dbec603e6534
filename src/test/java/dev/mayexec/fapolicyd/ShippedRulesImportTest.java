package dev.mayexec.fapolicyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.MayExec;
import dev.mayexec.facts.Channel;
import dev.mayexec.fapolicyd.FaRule.Perm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule sets Debian's fapolicyd 1.1.7 ships (known-libs and restrictive) import into policies that
 * load, with a report that accounts for every source rule, and fail (exit 7) only for the denies
 * mayexec has no facts for.
 */
class ShippedRulesImportTest {
    private static final Path SHIPPED = Path.of("src/test/resources/fapolicyd");
    private static final RulesReader.Names NAMES = new RulesReader.Names(Map.of(), Map.of());

    @Test
    void knownLibsImportsWithAReportOfEveryRule(@TempDir Path out) throws Exception {
        FapolicydImport.Result r = importAndLoad("known-libs", FaVersion.V1_1_7, out);
        JsonNode report = new ObjectMapper().readTree(r.reportJson());
        assertEquals(List.of(14, 4, 7, 3), counts(report));
        assertEquals(List.of("40-bad-elf.rules:3", "70-trusted-lang.rules:4"), incomplete(report),
                "the bad-elf deny and the languages' deny in part have no counterpart");
        assertTrue(r.reportText().contains("INCOMPLETE"));
    }

    @Test
    void restrictiveImportsWithAReportOfEveryRule(@TempDir Path out) throws Exception {
        FapolicydImport.Result r = importAndLoad("restrictive", FaVersion.CURRENT, out);
        JsonNode report = new ObjectMapper().readTree(r.reportJson());
        assertEquals(List.of(29, 4, 18, 7), counts(report));
        assertEquals(List.of("40-bad-elf.rules:3", "43-known-elf.rules:4", "74-known-ocaml.rules:4", "91-deny-lang.rules:3"),
                incomplete(report));
    }

    /** Imports a shipped set, writes it, loads the policy; every entry must quote its source line as written. */
    private static FapolicydImport.Result importAndLoad(String set, FaVersion version, Path out) throws Exception {
        FapolicydImport.Result r = FapolicydImport.run(SHIPPED.resolve(set), new FapolicydImport.Options(version, List.of()),
                NAMES);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertFalse(r.complete());
        FapolicydImport.write(r, out);
        MayExec.load(out, 0);
        JsonNode report = new ObjectMapper().readTree(r.reportJson());
        assertEquals(report.get("rules").asInt(), report.get("entries").size());
        for (JsonNode e : report.get("entries")) {
            String[] at = e.get("source").asText().split(":");
            String line = Files.readAllLines(SHIPPED.resolve(set).resolve(at[0])).get(Integer.parseInt(at[1]) - 1);
            assertEquals(line.strip(), e.get("text").asText());
        }
        return r;
    }

    private static List<Integer> counts(JsonNode report) {
        return List.of(report.get("rules").asInt(), report.get("exact").asInt(), report.get("approximate").asInt(),
                report.get("dropped").asInt());
    }

    private static List<String> incomplete(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : report.get("entries")) {
            if (e.get("incomplete").asBoolean()) out.add(e.get("source").asText());
        }
        return out;
    }

    /** With a trust list, subject trust has a counterpart: root's trusted programs are allowed, as in fapolicyd. */
    @Test
    void knownLibsWithATrustListDecidesAsFapolicydOnExactRules(@TempDir Path dir) throws Exception {
        Path trustFile = dir.resolve("fapolicyd.trust");
        Files.writeString(trustFile, "/usr/bin/python3.11 10 " + "0".repeat(64) + "\n/usr/lib/libx.so 10 " + "0".repeat(64) + "\n");
        RulesReader.Result read = RulesReader.read(SHIPPED.resolve("known-libs"), NAMES);
        TrustList trust = TrustList.read(List.of(trustFile), new ArrayList<>());
        Imported imported = Imported.of(read.rules(), FaVersion.V1_1_7, trust, dir.resolve("policy"));
        List<Event> events = List.of(
                // execute of an untrusted file by a user's program: 90-deny-execute
                Event.of(Perm.EXECUTE, 1000, Set.of(1000), "/usr/bin/nohup", false, "/home/u/x", "application/x-executable", false, null),
                // root, trusted program, anything: 20-dracut's second rule
                Event.of(Perm.EXECUTE, 0, Set.of(0), "/usr/bin/python3.11", true, "/home/u/x", "application/x-executable", false, null),
                // execute of a trusted file: 42-trusted-elf
                Event.of(Perm.EXECUTE, 1000, Set.of(1000), "/usr/bin/bash", false, "/usr/lib/libx.so", "application/x-sharedlib", true, null),
                // root under /var/tmp/: 20-dracut's first rule
                Event.of(Perm.EXECUTE, 0, Set.of(0), "/usr/bin/bash", false, "/var/tmp/x", "application/x-executable", false, null));
        List<Boolean> want = List.of(false, true, true, true);
        for (int i = 0; i < events.size(); i++) {
            FirstMatch.Verdict v = FirstMatch.decide(read.rules(), events.get(i), FaVersion.V1_1_7);
            assertEquals(want.get(i), v.allow(), "fapolicyd's own decision of event " + i);
            // 20-dracut's rules are exact with a trust list; the later ones pass rule 5 (pattern=ld_so, taken
            // as the runtime linker's executable), which these events' programs are not
            if (v.rule() <= 2) assertTrue(imported.exactThrough(v.rule()), "rules up to " + v.rule() + " are exact");
            assertEquals(v.allow(), imported.allows(events.get(i), Channel.MODULE), "the import's decision of event " + i);
        }
        // where the report says approximate, the two may differ: 72-shell's ftype=text/x-shellscript is taken
        // as "the interpreter is a shell", so a shell executing an untrusted program (which fapolicyd denies,
        // the program not being a shell script) is allowed by the import
        Event shell = Event.of(Perm.EXECUTE, 1000, Set.of(1000), "/usr/bin/bash", false, "/home/u/x", "application/x-executable",
                false, null);
        assertFalse(FirstMatch.decide(read.rules(), shell, FaVersion.V1_1_7).allow());
        assertTrue(imported.allows(shell, Channel.MODULE));
        assertEquals(Outcome.Status.APPROXIMATE, imported.entries().get(11).status());
        assertEquals("72-shell.rules", imported.entries().get(11).rule().span().file());
    }
}
