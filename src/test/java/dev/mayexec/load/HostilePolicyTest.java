package dev.mayexec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a policy is untrusted input until it is accepted (it is linted from pull requests). The
 * loader refuses what could change a policy's meaning behind a reviewer's back (aliases, invisible
 * characters) or exhaust the machine (a billion laughs, deep nesting, endless exceptions), each with
 * a located diagnostic and never an exception.
 */
class HostilePolicyTest {
    @TempDir
    Path tmp;

    private static final String HEADER = "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n";

    private List<Diagnostic> errors(String policy) {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", policy));
        return assertThrows(PolicyException.class, () -> Pipeline.run(dir)).diagnostics();
    }

    private static boolean has(List<Diagnostic> ds, String code, int line, int col) {
        return ds.stream().anyMatch(d -> d.code().equals(code) && d.span().file().equals("policy.yaml")
                && d.span().line() == line && d.span().col() == col && d.help() != null);
    }

    /* ------- aliases: service: *web compiled to the anchor's name, `web` ------- */

    @Test
    void alias_isRefusedWhereItStands_notReadAsTheAnchorsName() {
        List<Diagnostic> d = errors(HEADER + """
                sets:
                  web: &web {type: services, values: [nginx.service]}
                rules:
                  - id: no-web
                    effect: deny
                    channels: all
                    when: {service: *web}
                """);
        assertTrue(has(d, "mx.yaml.alias", 9, 21), "the alias: " + d);
        assertEquals(1, d.stream().filter(x -> x.code().equals("mx.yaml.alias")).count(), "an anchor alone is let be");
        assertTrue(d.stream().anyMatch(x -> x.message().equals("YAML alias `*web` is not supported")), d.toString());
    }

    @Test
    void undefinedAlias_isRefused() {
        List<Diagnostic> d = errors(HEADER + """
                rules:
                  - id: no-web
                    effect: deny
                    channels: all
                    when: {service: *nowhere}
                """);
        assertTrue(has(d, "mx.yaml.alias", 7, 21), d.toString());
    }

    @Test
    void mergeKey_isRefused() {
        List<Diagnostic> d = errors(HEADER + """
                rules:
                  - &base {id: a, effect: deny, channels: all}
                  - <<: *base
                    id: b
                """);
        assertTrue(has(d, "mx.yaml.alias", 5, 9), d.toString());
    }

    @Test
    void billionLaughs_costsOneErrorPerAliasWritten_notOnePerExpansion() {
        StringBuilder y = new StringBuilder(HEADER).append("description: &l0 lol\n");
        for (int i = 1; i <= 9; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [");
            for (int k = 0; k < 10; k++) y.append(k == 0 ? "" : ", ").append("*l").append(i - 1);
            y.append("]\n");
        }
        List<Diagnostic> d = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> errors(y.toString()));
        long aliases = d.stream().filter(x -> x.code().equals("mx.yaml.alias")).count();
        assertEquals(9 * 10, aliases, "each alias as written: " + d.size());
        assertTrue(d.stream().allMatch(x -> x.span().line() > 0), d.toString());
    }

    /* ------- characters that change the meaning of text a value ends up in ------- */

    @Test
    void controlAndSeparatorCharacters_areRefusedInKeysAndValues_named() {
        List<Diagnostic> d = errors(HEADER + """
                rules:
                  - id: r
                    effect: deny
                    channels: [file]
                    message: "one\\ntwo"
                    when: {"lsm-label\\u2028": x, user: ["ok", "a\\u202eb", "nul\\0"]}
                """);
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.yaml.bad-character") && x.span().line() == 7
                && x.message().startsWith("the value of `message` holds U+000A (a line break)")), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.yaml.bad-character") && x.span().line() == 8
                && x.message().startsWith("a key holds U+2028 (a line separator)")), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().startsWith("the value of `user` holds U+202E (an invisible format")),
                d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().startsWith("the value of `user` holds U+0000 (a control")),
                d.toString());
        assertTrue(d.stream().noneMatch(x -> x.message().chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x202e)),
                "no message echoes the characters: " + d);
    }

    @Test
    void description_mayHoldLineBreaks() throws PolicyException {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", HEADER + "description: |\n  two\n  \tlines\n"));
        assertEquals("two\n\tlines\n", Pipeline.runUpTo(dir, Pipeline.Stage.LOAD).policy().description());
    }

    @Test
    void anInterpretersName_isAnIdentifier() {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", HEADER,
                "interpreters/x.yaml", "interpreter: \"py */ thon\"\nexecutables: [/opt/x]\noptions: {-c: flag}\n"));
        List<Diagnostic> d = assertThrows(PolicyException.class, () -> Pipeline.run(dir)).diagnostics();
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.load.bad-name") && x.span().file().equals("interpreters/x.yaml")
                && x.span().line() == 1 && x.message().equals("profile name `py */ thon` is not valid")), d.toString());
    }

    /* ------- bounds ------- */

    @Test
    void deepNesting_isALocatedError_notAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        List<Diagnostic> d = errors(HEADER + "version: " + deep + "\n");
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.yaml.syntax") && x.span().line() == 3), d.toString());
    }

    @Test
    void unlessBlocks_areBoundedPerRule() {
        StringBuilder y = new StringBuilder(HEADER + "rules:\n  - id: r\n    effect: allow\n    channels: [file]\n    unless:\n");
        for (int i = 0; i < 10_000; i++) y.append("      - {uid: ").append(i).append("}\n");
        List<Diagnostic> d = errors(y.toString());
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.load.too-many") && x.span().line() == 8
                && x.message().equals("`unless` of rule `r` has 10000 blocks; at most 256 are allowed")), d.toString());
        assertFalse(d.stream().anyMatch(x -> x.code().startsWith("mx.compile")), "the bound comes before Drools");
    }

    @Test
    void unlessBlocks_upToTheBound_build() throws PolicyException {
        StringBuilder y = new StringBuilder(HEADER + "rules:\n  - id: r\n    effect: deny\n    channels: [file]\n    unless:\n");
        for (int i = 0; i < 256; i++) y.append("      - {uid: ").append(i).append("}\n");
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", y.toString()));
        assertEquals(256, Pipeline.run(dir).policy().files().getFirst().rules().getFirst().unless().size());
    }
}
