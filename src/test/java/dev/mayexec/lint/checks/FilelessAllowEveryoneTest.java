package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FilelessAllowEveryone: its fixtures (compiler-tests/lint/fileless-allow-everyone/), and what its findings say. */
class FilelessAllowEveryoneTest {
    @Test
    void fixtures_ruleAndDefault() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("fileless-allow-everyone", "01-rule-and-default");
        assertEquals(2, ds.size());
        assertTrue(ds.stream().anyMatch(d -> d.message().equals("allow rule `shells-everywhere` lets every service run "
                + "code through `inline` and `interactive`: it needs nothing but the channel")), ds.toString());
        assertTrue(ds.stream().allMatch(d -> d.example().contains("\"service\":\"some.service\"")), ds.toString());
    }
}
