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

    /** Piped code is code with no file; an exception on a fact the request leaves out is named as the cause. */
    @Test
    void stdin_andAnExceptionThatNeverHolds() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("fileless-allow-everyone", "05-stdin-and-exceptions");
        assertEquals(2, ds.size(), ds.toString());
        assertEquals("allow rule `pipes-everywhere` lets every service run code through `stdin`: it needs nothing but "
                + "the channel", ds.getFirst().message());
        assertEquals("allow rule `repl-unless-no-tty` lets every service run code through `interactive`: its `unless` "
                + "exception on `stdin-tty` never holds when a request leaves that fact out (a condition on an unknown "
                + "fact does not hold), and it needs nothing else but the channel", ds.get(1).message());
        LintFixtures.Fixture f = new LintFixtures.Fixture("writable-path-allow",
                LintFixtures.ROOT.resolve("writable-path-allow/05-stdin"));
        Diagnostic def = LintFixtures.lint(f).diagnostics().stream()
                .filter(d -> d.code().equals("mx.lint.fileless-allow-everyone")).findFirst().orElseThrow();
        assertEquals("the default `allow` for channel `stdin` lets every service run code through it (`curl … | sh`, "
                + "`sh < /tmp/x.sh`)", def.message());
    }
}
