package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LaunchWithoutSecurebits: its fixtures (compiler-tests/lint/launch-without-securebits/), and what its findings say. */
class LaunchWithoutSecurebitsTest {
    @Test
    void aServiceThatAssumesTheBit_isToldToSetIt() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("launch-without-securebits", "01-service-assumes");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().message().contains("assumes `exec-restrict-file` for service `web.service`"),
                ds.getFirst().message());
        assertEquals("add `launch: {securebits: [exec-restrict-file]}` to services/web.yaml", ds.getFirst().help());
    }

    @Test
    void policyWideLaunch_coversOneBit_notTheOther() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("launch-without-securebits", "03-policy-wide-launch");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().message().contains("assumes `exec-deny-interactive` for service `cron.service`"),
                ds.getFirst().message());
        assertEquals("policy.yaml", ds.getFirst().related().getFirst().span().file(), "points at the policy-wide launch block");
    }
}
