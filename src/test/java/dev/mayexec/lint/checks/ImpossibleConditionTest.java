package dev.mayexec.lint.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.lint.LintFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ImpossibleCondition: its fixtures (compiler-tests/lint/impossible-condition/), and what its findings say. */
class ImpossibleConditionTest {
    @Test
    void fixtures_namesTheConflictingConditions() throws Exception {
        List<Diagnostic> ds = LintFixtures.checkAll("impossible-condition", "01-uid-and-user");
        assertEquals(1, ds.size());
        Diagnostic d = ds.getFirst();
        assertEquals("in allow rule `root-as-alice`, `uid` and `user` can never hold together, so the rule never applies",
                d.message());
        assertEquals(9, d.span().line(), "placed on `user`, the condition that makes it impossible");
        assertEquals(8, d.related().getFirst().span().line(), "with `uid` as the related place");
        assertTrue(d.example().contains("\"uid\":0") && !d.example().contains("alice"), d.example());
    }
}
