package dev.mayexec.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry: sorted, with unique ids, and every check with its test and its line in docs/LINT.md. */
class LintChecksTest {
    @Test
    void registry_isSortedByClassName_withUniqueWellFormedIds() {
        List<String> names = LintChecks.ALL.stream().map(c -> c.getClass().getSimpleName()).toList();
        assertEquals(names.stream().sorted().toList(), names, "keep the registry sorted");
        List<String> ids = LintChecks.ALL.stream().map(LintCheck::id).toList();
        assertEquals(ids.size(), ids.stream().distinct().count());
        for (LintCheck c : LintChecks.ALL) {
            assertTrue(c.id().matches("[a-z]+(-[a-z]+)*"), c.id());
            assertTrue(Character.isLowerCase(c.summary().charAt(0)) || c.summary().startsWith("`"), c.summary());
            assertTrue(!c.summary().endsWith("."), c.summary());
        }
    }

    @Test
    void everyCheck_hasItsTestClass_andItsLineInTheDocs() throws Exception {
        String docs = Files.readString(Path.of("docs", "LINT.md"));
        for (LintCheck c : LintChecks.ALL) {
            Class.forName(c.getClass().getName() + "Test");
            assertTrue(docs.contains("`" + c.id() + "`"), "docs/LINT.md does not list `" + c.id() + "`");
        }
    }

    @Test
    void severities_canBeOverridden_orTurnedOff() {
        Map<String, Optional<Severity>> o = LintOptions.parseRules(List.of("overlap=warning", "mx.lint.dead-allow=off"),
                LintChecks.ALL);
        LintOptions options = new LintOptions(o, null);
        LintCheck overlap = LintChecks.ALL.stream().filter(c -> c.id().equals("overlap")).findFirst().orElseThrow();
        LintCheck dead = LintChecks.ALL.stream().filter(c -> c.id().equals("dead-allow")).findFirst().orElseThrow();
        assertEquals(Optional.of(Severity.WARNING), options.severity(overlap));
        assertEquals(Optional.empty(), options.severity(dead));
        IllegalArgumentException typo = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LintOptions.parseRules(List.of("dead-alow=off"), LintChecks.ALL));
        assertTrue(typo.getMessage().contains("did you mean `dead-allow`?"), typo.getMessage());
    }
}
