package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UnknownService: its fixtures (compiler-tests/lint/unknown-service/), and what its findings say. */
class UnknownServiceTest {
    @Test
    void fixtures_aUnitWithoutSuffixIsToldToAddIt() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unknown-service", "02-scope-and-set");
        assertEquals(2, ds.size());
        assertTrue(ds.stream().anyMatch(d -> d.help().contains("`apache2.service`")), ds.toString());
    }
}
