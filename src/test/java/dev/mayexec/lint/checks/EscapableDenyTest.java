package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EscapableDeny: its fixtures (compiler-tests/lint/escapable-deny/), and what its findings say. */
class EscapableDenyTest {
    @Test
    void aDenyOnOthersCanWrite_underADefaultAllow_isEscaped_byARequestWithoutTheFact() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("escapable-deny", "01-default-allow");
        assertEquals(1, ds.size());
        Diagnostic d = ds.getFirst();
        assertEquals("deny rule `no-writable-code` rests only on `others-can-write`, which a request may leave out (and a "
                + "live collection may fail to get): a request without it escapes the deny, and its code runs", d.message());
        assertFalse(d.example().contains("others_can_write"), d.example()); // the escaping request leaves it out
    }

    @Test
    void underAnAllowRule_theExampleIsTheAllowsRequest() throws Exception {
        Diagnostic d = LintFixtures.checkAll("escapable-deny", "02-allow-rule").getFirst();
        assertTrue(d.example().contains("\"service\":\"app.service\"") && !d.example().contains("\"mode\""), d.example());
    }
}
