package dev.mayexec.fapolicyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Severity;
import dev.mayexec.fapolicyd.FaRule.Perm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fapolicyd's grammar, and errors at file:line:col. */
class RulesReaderTest {
    private static final RulesReader.Names NAMES = new RulesReader.Names(Map.of("alice", 1000), Map.of("wheel", 10));

    @Test
    void filesAreReadInLsVOrderAndRulesAreNumberedAsFapolicydCountsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("10-b.rules"), "allow perm=execute all : path=/b\n");
        Files.writeString(dir.resolve("2-a.rules"), "# a comment\n\n   # another\n%s=/x,/y\ndeny all : path=%s\n");
        Files.writeString(dir.resolve("1-c.rules"), "allow_syslog uid=alice gid=wheel,20 : dir=/tmp/\n");
        Files.writeString(dir.resolve("README"), "not rules\n");
        RulesReader.Result r = RulesReader.read(dir, NAMES);
        assertTrue(r.ok(), r.diagnostics()::toString);
        assertEquals(List.of("1-c.rules", "2-a.rules", "10-b.rules"), r.rules().stream().map(x -> x.span().file()).toList());
        assertEquals(List.of(1, 2, 3), r.rules().stream().map(FaRule::number).toList());
        FaRule first = r.rules().getFirst();
        assertEquals(Perm.OPEN, first.perm(), "perm is open when absent");
        assertEquals(List.of("1000"), first.subject().get(0).values());
        assertTrue(first.subject().get(0).namesResolved());
        assertEquals(List.of("10", "20"), first.subject().get(1).values());
        assertEquals(List.of("/x", "/y"), r.rules().get(1).object().getFirst().values(), "a set is expanded");
        assertEquals(5, r.rules().get(1).span().line());
        assertEquals(Perm.EXECUTE, r.rules().get(2).perm());
    }

    @Test
    void everyErrorIsReportedAtOnceWithItsPlaceAndAFix() {
        String text = String.join("\n",
                "alow perm=open all : all",
                "allow perm=open exe=/x : pth=/y",
                "allow perm=open all all",
                "allow uid=0 perm=open : all",
                "allow perm=run all : all",
                "deny all : path=%nope",
                "deny all : trust=2",
                "deny\tall : all",
                "deny all : ",
                "%n=1,x",
                "allow exe=/x : all");
        RulesReader.Result r = RulesReader.parse(text, "t.rules", NAMES);
        List<String> got = r.diagnostics().stream().map(d -> d.span() + " " + d.code()).toList();
        assertEquals(List.of(
                "t.rules:1:1 mx.fapolicyd.decision",
                "t.rules:2:26 mx.fapolicyd.field",
                "t.rules:3:1 mx.fapolicyd.format",
                "t.rules:4:13 mx.fapolicyd.perm",
                "t.rules:5:12 mx.fapolicyd.perm",
                "t.rules:6:17 mx.fapolicyd.set",
                "t.rules:7:18 mx.fapolicyd.value",
                "t.rules:8:5 mx.fapolicyd.bad-character",
                "t.rules:9:1 mx.fapolicyd.missing",
                "t.rules:10:1 mx.fapolicyd.set"), got);
        assertTrue(r.diagnostics().getFirst().help().contains("allow"), "did you mean `allow`?");
        assertTrue(r.diagnostics().get(1).help().contains("path"), "did you mean `path`?");
        assertEquals(1, r.rules().size(), "the good rule is still read");
        assertEquals(1, r.rules().getFirst().number(), "a rule that failed is not counted");
    }

    @Test
    void invisibleCharactersAreRefusedAsAPolicyRefusesThem() {
        RulesReader.Result r = RulesReader.parse("deny all : path=/tmp/\u202eyp.exe\n", "t.rules", NAMES);
        assertEquals("t.rules:1:22 mx.fapolicyd.bad-character", r.diagnostics().getFirst().span() + " "
                + r.diagnostics().getFirst().code());
        assertTrue(r.diagnostics().getFirst().message().contains("\\u202e"), r.diagnostics().getFirst().message());
    }

    @Test
    void anUnknownUserLeavesTheRuleOutAsFapolicydDoes() {
        RulesReader.Result r = RulesReader.parse("deny uid=mallory : all\nallow all : all\n", "t.rules", NAMES);
        assertTrue(r.ok());
        Diagnostic d = r.diagnostics().getFirst();
        assertEquals("mx.fapolicyd.unknown-name", d.code());
        assertEquals(Severity.WARNING, d.severity());
        assertEquals("t.rules:1:10", d.span().toString());
        assertEquals(1, r.rules().size());
        assertEquals(1, r.rules().getFirst().number(), "fapolicyd numbers the rules it kept");
    }

    @Test
    void aFileTooLargeIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.rules");
        Files.writeString(f, "#".repeat((int) RulesReader.MAX_FILE_BYTES + 1));
        RulesReader.Result r = RulesReader.read(f, NAMES);
        assertEquals("mx.fapolicyd.too-large", r.diagnostics().getFirst().code());
    }
}
