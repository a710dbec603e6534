package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NoInterpreterProfile: its fixtures (compiler-tests/lint/no-interpreter-profile/), and what its findings say. */
class NoInterpreterProfileTest {
    @Test
    void fixtures_namesTheMissingInterpreter() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("no-interpreter-profile", "02-interpreter-name");
        assertEquals(List.of("allow rule `scripting-libs` allows code to interpreter `rscript`, for which no interpreter "
                + "profile exists"), ds.stream().map(Diagnostic::message).toList());
        assertTrue(ds.getFirst().example().contains("\"interpreter\":\"rscript\""), ds.getFirst().example());
    }
}
