package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overlap: its fixtures (compiler-tests/lint/overlap/), and what its findings say. */
class OverlapTest {
    @Test
    void fixtures_exampleFallsInTheOverlap() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("overlap", "01-partial");
        assertEquals(1, ds.size());
        assertEquals(dev.mayexec.diag.Severity.INFO, ds.getFirst().severity());
        assertTrue(ds.getFirst().example().matches(".*\"/opt/[^/\"]+/uploads/[^\"]+\".*"), ds.getFirst().example());
    }
}
