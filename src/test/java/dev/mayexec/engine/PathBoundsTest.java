package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 5: a path of 30,000 components cost seconds, since the engine inserted an
 * anchored copy of the query for every directory above the path (a substring each). Paths longer
 * than PATH_MAX are refused, and only the directories that anchor a rule are inserted.
 */
class PathBoundsTest {
    @TempDir
    static Path tmp;

    private static RuleEngine engine;

    @BeforeAll
    static void build() throws Exception {
        engine = Pipeline.run(TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: bounds
                defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
                rules:
                  - id: app
                    effect: allow
                    channels: [file]
                    when: {path: [{under: /a}, {under: /a/a/a}, /a/b/**/c]}
                """))).engine();
    }

    private static Request file(String path, String mount) {
        return Request.of(Channel.FILE, ProcessInfo.UNKNOWN, new FileInfo(path, null, null, null, null, null, null, null,
                null, null, mount == null ? null : new MountInfo(mount, null, null, null, null), null, null, null, null, null));
    }

    private static void assertRefused(Request r, String field) {
        Decision d = engine.decide(r);
        assertTrue(d.denied(), d.toString());
        assertEquals("request.invalid", d.reasons().getFirst().code());
        assertEquals(field + " is longer than 4096 bytes (PATH_MAX), which no file's path can be",
                d.reasons().getFirst().message());
    }

    @Test
    void pathsLongerThanPathMax_areDeniedSayingSo() {
        assertEquals(Decision.Outcome.ALLOW, engine.decide(file("/a".repeat(2048), "/")).decision(), "4096 bytes");
        assertRefused(file("/a".repeat(2048) + "b", "/"), "file.path");
        assertRefused(file("/a".repeat(30_000), "/"), "file.path");
        assertRefused(file("/a/" + "é".repeat(2047), "/"), "file.path"); // 4097 bytes in 2050 characters
        assertRefused(file("/a/x", "/m".repeat(2049)), "file.mount.point");
    }

    @Test
    void onlyAnchoringDirectories_areInserted() {
        String deep = "/a".repeat(2048);
        List<Query> facts = engine.inserted(engine.query(file(deep, "/")));
        assertEquals(List.of("/a", "/a/a/a"), facts.stream().skip(1).map(Query::anchor).toList(),
                "the query, then its copies at the directories that anchor a rule, not one per ancestor");
        assertEquals(1, engine.inserted(engine.query(file("/b/c", "/"))).size(), "no rule is anchored above /b/c");
    }

    @Test
    void anchoredRules_stillDecide() {
        assertEquals(Decision.Outcome.ALLOW, engine.decide(file("/a/b/x/y/c", "/")).decision(), "the glob");
        assertEquals(Decision.Outcome.ALLOW, engine.decide(file("/a/a/a/a", "/")).decision());
        assertEquals(Decision.Outcome.DENY, engine.decide(file("/a", "/")).decision(), "under: is below the directory");
        assertEquals(Decision.Outcome.DENY, engine.decide(file("/b/c", "/")).decision());
    }
}
