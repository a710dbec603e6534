package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.lint.LintOptions;
import dev.mayexec.lint.Linter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 5: a 10,000-member set did not build in Drools (one disjunction of 10,000
 * equalities). Long lists are now tables the rules look up, so sets of 100,000 members build, decide,
 * and lint (the linter gives up on path languages that large instead of running out of memory).
 */
class LargePolicyTest {
    private static final int MEMBERS = 100_000;

    @TempDir
    static Path tmp;

    private static Path dir;
    private static RuleEngine engine;

    @BeforeAll
    static void build() throws Exception {
        StringBuilder users = new StringBuilder();
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            users.append(i == 0 ? "" : ",").append('u').append(i);
            paths.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "/srv/e" + i + "/x" : "{under: /srv/u" + i + "}");
        }
        dir = TestPolicies.write(tmp, Map.of("policy.yaml", "name: large\ndefaults: {file: deny, module: deny, library: deny,"
                + " config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}\n"
                + "sets:\n  people: {type: users, values: [" + users + "]}\n  places: {type: paths, values: [" + paths + "]}\n"
                + "rules:\n  - id: r\n    effect: allow\n    channels: [file]\n"
                + "    when: {user: {set: people}, path: {set: places}, file-uid: 0, others-can-write: false}\n"));
        engine = Pipeline.run(dir).engine();
    }

    private static Decision decide(String user, String path) {
        ProcessInfo p = new ProcessInfo(null, null, null, null, user, null, null, null, null, null, null, null, null, null);
        FileInfo f = new FileInfo(path, null, null, 0, null, null, null, null, null, null, null, false, null, null, null, null);
        return engine.decide(Request.of(Channel.FILE, p, f));
    }

    @Test
    void setsOfAHundredThousand_buildAndDecide() {
        assertEquals(Decision.Outcome.ALLOW, decide("u99999", "/srv/u99999/a/b").decision());
        assertEquals(Decision.Outcome.ALLOW, decide("u1", "/srv/e99998/x").decision());
        assertEquals(Decision.Outcome.DENY, decide("u100000", "/srv/u99999/a/b").decision(), "not a member");
        assertEquals(Decision.Outcome.DENY, decide("u1", "/srv/u99998/a").decision(), "an exact path is no prefix");
        assertEquals(Decision.Outcome.DENY, decide("u1", "/srv/u99999").decision(), "under: is below the directory");
        assertTrue(engine.compiled().drl().length() < 10_000, "the members are not in the DRL");
    }

    @Test
    void setsOfAHundredThousand_lint() {
        List<Diagnostic> findings = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Pipeline.lint(dir, Linter.standard(new LintOptions(Map.of(), null))).diagnostics());
        assertTrue(findings.stream().noneMatch(Diagnostic::isError), findings.toString());
    }
}
