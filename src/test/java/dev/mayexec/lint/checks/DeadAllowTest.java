package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeadAllow: its fixtures (compiler-tests/lint/dead-allow/), and what its findings say. */
class DeadAllowTest {
    @Test
    void fixtures_namesTheDenyAndWhereItIs() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("dead-allow", "01-one-deny-covers");
        assertEquals(1, ds.size());
        Diagnostic d = ds.getFirst();
        assertEquals("allow rule `app-bin` never takes effect: deny rule `no-app` (policy.yaml:10:5) matches every "
                + "request it matches", d.message());
        assertEquals(10, d.related().getFirst().span().line());
        assertTrue(d.example().contains("\"/opt/app/bin/"), d.example());
    }

    /** Audit rules only log: an allow they cover still runs, so only enforced denies make it dead. */
    @Test
    void auditRules_neverMakeAnAllowDead_enforcedDeniesTogetherDo() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("dead-allow", "06-audit-rules-only-log");
        assertEquals(1, ds.size(), ds.toString());
        assertEquals("allow rule `scratch` never takes effect: deny rules `no-scratch` and `no-unknown-scratch` together "
                + "match every request it matches", ds.getFirst().message());
    }
}
