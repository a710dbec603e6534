package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UncheckedDefaultAllow: its fixtures (compiler-tests/lint/unchecked-default-allow/), and what its findings say. */
class UncheckedDefaultAllowTest {
    @Test
    void fixtures_exampleIsRefusedByTheKernel() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unchecked-default-allow", "03-deny-noexec-is-not-enough");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().example().contains("\"kernel_check\":\"deny\""), ds.getFirst().example());
    }
}
