package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UnknownExecutable: its fixtures (compiler-tests/lint/unknown-executable/), and what its findings say. */
class UnknownExecutableTest {
    @Test
    void fixtures_globThatMatchesNothing() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("unknown-executable", "01-condition");
        assertEquals(List.of("executable `/usr/bin/ruby` does not exist", "no executable matches `/usr/local/bin/node*`"),
                ds.stream().map(d -> d.message().replaceFirst(" on the host.*", "")).sorted().toList());
    }
}
