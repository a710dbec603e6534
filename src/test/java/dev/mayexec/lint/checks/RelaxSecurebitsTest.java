package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RelaxSecurebits: its fixtures (compiler-tests/lint/relax-securebits/), and what its findings say. */
class RelaxSecurebitsTest {
    @Test
    void fixtures_sayWhyTheAllowHasNoEffect() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("relax-securebits", "01-deny-interactive-assumed");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().message().contains("no rule can relax a securebits obligation"), ds.getFirst().message());
        assertEquals("policy.yaml", ds.getFirst().related().getFirst().span().file(), "points at the `kernel:` block");
    }
}
