package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UnusedSet: its fixtures (compiler-tests/lint/unused-set/), and what its findings say. */
class UnusedSetTest {
    @Test
    void fixtures_oneFindingPerUnusedSet() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unused-set", "03-every-type");
        assertEquals(List.of("set `staff` is never used", "set `trusted` is never used", "set `units` is never used"),
                ds.stream().map(Diagnostic::message).sorted().toList());
    }
}
