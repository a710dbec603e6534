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
}
