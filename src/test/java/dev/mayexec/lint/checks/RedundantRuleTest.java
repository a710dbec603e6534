package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RedundantRule: its fixtures (compiler-tests/lint/redundant-rule/), and what its findings say. */
class RedundantRuleTest {
    @Test
    void fixtures_ofTwoEqualRules_theLaterIsReported() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("redundant-rule", "02-same-deny-twice");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().message().startsWith("deny rule `no-media-again` is redundant: deny rule `no-media`"),
                ds.getFirst().message());
    }

    /** Two audit rules are redundant when one logs all the other does; an enforced deny never stands in for one. */
    @Test
    void auditRules_areRedundant_onlyWithAuditRules_andSaySo() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("redundant-rule", "04-audit-rules");
        assertEquals(1, ds.size(), ds.toString());
        assertEquals("audit rule `log-opt-tools` is redundant: audit rule `log-opt` (policy.yaml:10:5) logs the same way and "
                + "matches every request it matches", ds.getFirst().message());
    }
}
