package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec lint}: exit codes 0 clean, 3 errors (or warnings under --strict), 2 usage; formats. */
class LintCommandTest {
    private static final String IMPOSSIBLE = "compiler-tests/lint/impossible-condition/01-uid-and-user/policy";
    private static final String DEAD = "compiler-tests/lint/dead-allow/01-one-deny-covers/policy";

    @TempDir
    Path tmp;

    @Test
    void theExamplePolicy_lintsClean_evenUnderStrict() {
        CliTest.Run run = CliTest.run("lint", "--policy", "policies/example", "--strict");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("0 errors, 0 warnings"), run.err());
    }

    @Test
    void errors_exitThree_warningsOnlyUnderStrict() {
        CliTest.Run errors = CliTest.run("lint", "--policy", IMPOSSIBLE);
        assertEquals(3, errors.code());
        assertTrue(errors.out().contains("error[mx.lint.impossible-condition]"), errors.out());
        assertEquals(0, CliTest.run("lint", "--policy", DEAD).code(), "a warning alone does not fail");
        assertEquals(3, CliTest.run("lint", "--policy", DEAD, "--strict").code());
    }

    @Test
    void rule_overridesASeverity_orTurnsACheckOff() {
        assertEquals(0, CliTest.run("lint", "--policy", IMPOSSIBLE, "--rule", "impossible-condition=warning").code());
        CliTest.Run off = CliTest.run("lint", "--policy", DEAD, "--strict", "--rule", "dead-allow=off");
        assertEquals(0, off.code());
        assertFalse(off.out().contains("dead-allow"), off.out());
        CliTest.Run typo = CliTest.run("lint", "--policy", DEAD, "--rule", "dead-alow=off");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("did you mean `dead-allow`?"), typo.err());
        assertEquals(2, CliTest.run("lint", "--policy", DEAD, "--rule", "dead-allow").code());
    }

    @Test
    void json_andSarifToAFile() throws Exception {
        CliTest.Run json = CliTest.run("lint", "--policy", DEAD, "--format", "json");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("mx.lint.dead-allow", doc.at("/diagnostics/0/code").asText());
        Path out = tmp.resolve("lint.sarif");
        CliTest.Run sarif = CliTest.run("lint", "--policy", DEAD, "--format", "sarif", "--out", out.toString());
        assertEquals(0, sarif.code());
        assertEquals("2.1.0", new ObjectMapper().readTree(Files.readString(out)).get("version").asText());
    }

    @Test
    void aPolicyThatDoesNotCheck_isReportedInTheChosenFormat_andExitsThree() throws Exception {
        CliTest.Run run = CliTest.run("lint", "--policy", "compiler-tests/02-undefined-set/policy", "--format", "json");
        assertEquals(3, run.code());
        assertEquals("mx.check.undefined-set", new ObjectMapper().readTree(run.out()).at("/diagnostics/0/code").asText());
    }

    @Test
    void aHostThatCannotBeRead_isAUsageError() {
        CliTest.Run run = CliTest.run("lint", "--policy", DEAD, "--host=" + tmp.resolve("missing"));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("cannot read the host"), run.err());
        assertEquals(0, CliTest.run("lint", "--policy", "compiler-tests/lint/unknown-user/03-known/policy",
                "--host=compiler-tests/lint/host", "--strict").code());
        assertEquals(3, CliTest.run("lint", "--policy", "compiler-tests/lint/unknown-user/01-condition/policy",
                "--host=compiler-tests/lint/host", "--strict").code());
    }

    /** Issue 11: lint reported 0 errors for a name that injected a rule into the generated DRL. */
    @Test
    void aStringThatWouldHaveInjectedCode_isALintError_whereItStands() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("injected"));
        Files.writeString(dir.resolve("policy.yaml"), """
                name: "x\\nrule pwn when then java.lang.System.exit(7); end\\n/*"
                defaults: {file: allow, module: allow, library: allow, config: allow, stdin: allow, inline: allow, interactive: allow, environment: allow}
                rules:
                  - {id: z, effect: allow, channels: [file], when: {lsm-label: "*/ rule y when eval(true) //"}}
                """);
        CliTest.Run text = CliTest.run("lint", "--policy", dir.toString());
        assertEquals(3, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("policy.yaml:1:7: error[mx.yaml.bad-character]: the value of `name` holds U+000A"),
                text.out());
        CliTest.Run sarif = CliTest.run("lint", "--policy", dir.toString(), "--format", "sarif");
        JsonNode result = new ObjectMapper().readTree(sarif.out()).at("/runs/0/results/0");
        assertEquals("mx.yaml.bad-character", result.get("ruleId").asText());
        assertEquals(1, result.at("/locations/0/physicalLocation/region/startLine").asInt());
    }
}
