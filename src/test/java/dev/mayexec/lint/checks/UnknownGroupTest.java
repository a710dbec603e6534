package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UnknownGroup: its fixtures (compiler-tests/lint/unknown-group/), and what its findings say. */
class UnknownGroupTest {
    @Test
    void fixtures_scopeAndCondition() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unknown-group", "02-scope-and-gid");
        assertEquals(List.of("group 4242", "group 50"), ds.stream().map(d -> d.message().replaceFirst(" does not.*", ""))
                .sorted().toList());
    }
}
