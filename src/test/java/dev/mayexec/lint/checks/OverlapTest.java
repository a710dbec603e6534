package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overlap: its fixtures (compiler-tests/lint/overlap/), and what its findings say. */
class OverlapTest {
    @Test
    void fixtures_exampleFallsInTheOverlap() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("overlap", "01-partial");
        assertEquals(1, ds.size());
        assertEquals(dev.mayexec.diag.Severity.INFO, ds.getFirst().severity());
        assertEquals("deny rule `no-uploads` cuts into allow rule `opt` (policy.yaml:4:5): for requests both match, "
                + "the deny wins", ds.getFirst().message());
        assertTrue(ds.getFirst().example().matches(".*\"/opt/[^/\"]+/uploads/[^\"]+\".*"), ds.getFirst().example());
    }

    @Test
    void anAuditRule_onlyLogs_andSaysSo() throws Exception {
        Diagnostic d = LintFixtures.checkAll("overlap", "05-audit-rule-logs").getFirst();
        assertEquals("audit rule `log-uploads` cuts into allow rule `apps` (policy.yaml:4:5): for requests both match, "
                + "the code runs and the decision is logged as a would-deny (`enforced: false`)", d.message());
        assertTrue(d.help().contains("should not be logged"), d.help());
    }

    @Test
    void oneDeny_manyAllows_isOneFinding_thatListsThemAll() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("overlap", "06-one-deny-many-allows");
        assertEquals(1, ds.size());
        Diagnostic d = ds.getFirst();
        assertEquals("deny rule `no-leaked-descriptors` cuts into 5 allow rules (`billing`, `crm`, `search` and 2 more): "
                + "for requests both match, the deny wins", d.message());
        assertEquals(List.of("billing", "crm", "search", "mail", "wiki").size(), d.related().size());
        assertTrue(d.example().contains("\"inherited_fds\":[3]"), d.example());
    }
}
