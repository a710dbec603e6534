package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec import fapolicyd}: exit codes, the files it writes, and errors at file:line:col. */
class ImportCommandTest {

    @Test
    void aCompleteImportWritesThePolicyAndTheReportAndExits0(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.d");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("10-a.rules"), "allow perm=open uid=0 : dir=/usr/\ndeny perm=any all : dir=/tmp/\n");
        Path out = dir.resolve("policy");
        CliTest.Run r = CliTest.run("import", "fapolicyd", rules.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("policy.yaml")));
        assertTrue(Files.readString(out.resolve("import-report.json")).contains("\"complete\" : true"));
        assertTrue(r.out().contains("rule 2  10-a.rules:2  exact"), r.out());
        // the written policy decides: code from under /tmp is denied, the rest falls through to allow
        dev.mayexec.MayExec mx = dev.mayexec.MayExec.load(out, 0);
        assertTrue(mx.decide(request("/tmp/x.py")).denied());
        assertFalse(mx.decide(request("/srv/x.py")).denied());
    }

    private static dev.mayexec.facts.Request request(String path) {
        return dev.mayexec.facts.Request.of(dev.mayexec.facts.Channel.FILE, dev.mayexec.facts.ProcessInfo.UNKNOWN,
                new dev.mayexec.facts.FileInfo(path, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null));
    }

    @Test
    void aDenyThatCannotBeCarriedOverExits6AndStillWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("policy");
        CliTest.Run r = CliTest.run("import", "fapolicyd", "src/test/resources/fapolicyd/known-libs", "--out", out.toString());
        assertEquals(7, r.code(), r.err());
        assertTrue(r.err().contains("INCOMPLETE"), r.err());
        assertTrue(Files.readString(out.resolve("import-report.txt")).contains("40-bad-elf.rules:3  dropped"));
    }

    @Test
    void badRulesExit3WithTheirPlace(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("compiled.rules");
        Files.writeString(f, "allow all : all\nallow perm=open all : pth=/x\n");
        CliTest.Run r = CliTest.run("import", "fapolicyd", f.toString(), "--out", dir.resolve("p").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("compiled.rules:2:23: error[mx.fapolicyd.field]: unknown object field `pth`"), r.err());
        assertTrue(r.err().contains("did you mean `path`?"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("p")), "nothing is written for rules that do not read");
    }

    @Test
    void usageErrorsExit2(@TempDir Path dir) throws Exception {
        assertEquals(2, CliTest.run("import", "fapolicyd", "src/test/resources/fapolicyd/known-libs", "--version", "9",
                "--out", dir.resolve("p").toString()).code());
        assertEquals(2, CliTest.run("import", "fapolicyd", dir.resolve("missing").toString(), "--out",
                dir.resolve("p").toString()).code());
        Files.writeString(dir.resolve("mine.txt"), "keep me");
        CliTest.Run r = CliTest.run("import", "fapolicyd", "src/test/resources/fapolicyd/known-libs", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mine.txt"), r.err());
    }
}
