package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WritablePathAllow: its fixtures (compiler-tests/lint/writable-path-allow/), and what its findings say. */
class WritablePathAllowTest {
    @Test
    void fixtures_namesTheWritablePath() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("writable-path-allow", "01-temp-and-home");
        assertEquals(3, ds.size());
        assertTrue(ds.getFirst().message().startsWith("allow rule `tmp-tools` lets code run from `/tmp/tools/"),
                ds.getFirst().message());
        assertTrue(ds.get(1).message().contains("`/home/"), ds.get(1).message());
    }

    /** stdin read from a file is code from that path: a rule and a default that allow it from /var/tmp or /tmp. */
    @Test
    void stdinFromAWritablePath_isReported_forTheRuleAndTheDefault() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("writable-path-allow", "05-stdin");
        assertEquals(2, ds.size(), ds.toString());
        Diagnostic def = ds.stream().filter(d -> d.span().file().equals("policy.yaml")).findFirst().orElseThrow();
        assertTrue(def.message().startsWith("the default `allow` for channel `stdin` lets code run from `/"), def.message());
        Diagnostic rule = ds.stream().filter(d -> d.span().file().equals("services/batch.yaml")).findFirst().orElseThrow();
        assertTrue(rule.message().startsWith("allow rule `batch-queue` lets code run from `/var/tmp/batch-queue/"),
                rule.message());
        assertTrue(rule.example().contains("\"channel\":\"stdin\""), rule.example());
    }
}
