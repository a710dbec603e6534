package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UnknownUser: its fixtures (compiler-tests/lint/unknown-user/), and what its findings say. */
class UnknownUserTest {
    @Test
    void fixtures_suggestTheClosestUser() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unknown-user", "01-condition");
        assertEquals(1, ds.size());
        assertTrue(ds.getFirst().message().startsWith("user `alise` does not exist on the host"), ds.getFirst().message());
        assertEquals("did you mean `alice`?", ds.getFirst().help());
    }
}
