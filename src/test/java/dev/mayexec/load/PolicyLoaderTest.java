package dev.mayexec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad policies get one located, helpful diagnostic per problem, all at once. */
class PolicyLoaderTest {
    @TempDir
    Path tmp;

    private List<Diagnostic> errors(Map<String, String> files) {
        Path dir = TestPolicies.write(tmp, files);
        PolicyException e = assertThrows(PolicyException.class, () -> Pipeline.run(dir));
        return e.diagnostics();
    }

    private static String header(String defaults) {
        return "name: t\ndefaults: " + defaults + "\n";
    }

    @Test
    void unknownKey_isLocatedAndSuggestsTheRightOne() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW) + """
                rules:
                  - id: r1
                    effect: deny
                    chanels: [file]
                """));
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.load.unknown-key") && x.span().line() == 6
                && x.span().col() == 5 && x.help().equals("did you mean `channels`?")), d.toString());
    }

    @Test
    void everyErrorIsReported_notOnlyTheFirst() {
        List<Diagnostic> d = errors(Map.of(
                "policy.yaml", "name: t\ndefaults: {file: allow}\nrules:\n  - id: a\n    effect: alow\n    channels: [fil]\n"
                        + "    when: {usr: alice, uid: root}\n",
                "services/web.yaml", "service: web.service\nrules: {}\n",
                "users/x.yaml", "user: x\nuid: 5\n"));
        List<String> codes = d.stream().map(Diagnostic::code).toList();
        assertTrue(codes.containsAll(List.of("mx.load.bad-value", "mx.load.unknown-attribute", "mx.load.type",
                "mx.load.scope")), codes.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().contains("`alow`") && "did you mean `allow`?".equals(x.help())), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().contains("`fil`") && "did you mean `file`?".equals(x.help())), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.span().file().equals("services/web.yaml") && x.span().line() == 2), d.toString());
        assertTrue(d.size() >= 6, d.toString());
    }

    @Test
    void missingDefaults_areNamed() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", "name: t\ndefaults: {file: allow, inline: deny}\n"));
        assertEquals(1, d.size(), d.toString());
        assertEquals("mx.check.missing-default", d.getFirst().code());
        assertTrue(d.getFirst().message().contains("`module`, `library`, `config`, `stdin`, `interactive`, `environment`"),
                d.getFirst().message());
    }

    @Test
    void malformedYaml_pointsAtTheLine() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", "name: t\ndefaults: {file: allow\nrules: [\n"));
        assertEquals("mx.yaml.syntax", d.getFirst().code());
        assertTrue(d.getFirst().span().line() >= 2, d.toString());
        assertTrue(d.getFirst().message().startsWith("invalid YAML: "), d.getFirst().message());
    }

    @Test
    void duplicateKey_isAnError() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW) + "name: u\n"));
        assertEquals("mx.yaml.duplicate-key", d.getFirst().code());
        assertEquals(3, d.getFirst().span().line());
    }

    @Test
    void wrongTypes_sayWhatWasFound() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW) + """
                rules:
                  - id: r
                    effect: deny
                    channels: [file]
                    when:
                      noexec: "yes"
                      uid: [1, alice]
                      path: relative/x
                      mode: {any: "999"}
                """));
        List<String> messages = d.stream().map(Diagnostic::message).toList();
        assertTrue(messages.contains("attribute `noexec` must be `true` or `false`, found the string `yes`"), messages.toString());
        assertTrue(messages.contains("attribute `uid` must be a number, found the string `alice`"), messages.toString());
        assertTrue(messages.contains("path `relative/x` in attribute `path` is not absolute"), messages.toString());
        assertTrue(messages.contains("mode mask `999` is not octal bits"), messages.toString());
    }

    @Test
    void strayFiles_areReported_notIgnored() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW),
                "service/nginx.yaml", "service: nginx.service\n",
                "extra.yaml", "rules: []\n"));
        assertTrue(d.stream().anyMatch(x -> x.message().equals("directory `service/` is not read")
                && "did you mean `services`?".equals(x.help())), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().equals("`extra.yaml` is not read")), d.toString());
    }

    @Test
    void missingDirectory_isOneClearError() {
        PolicyException e = assertThrows(PolicyException.class, () -> Pipeline.run(tmp.resolve("nope")));
        assertEquals("mx.load.io", e.diagnostics().getFirst().code());
        assertTrue(e.diagnostics().getFirst().message().contains("does not exist"));
    }

    @Test
    void valuesThatCannotStandInARule_areRefused() {
        List<Diagnostic> d = errors(Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW) + """
                rules:
                  - id: r
                    effect: deny
                    channels: [file]
                    when: {user: "al\\"ice"}
                """));
        assertEquals("mx.load.bad-value", d.getFirst().code(), d.toString());
    }

    @Test
    void validPolicy_loadsWithSpansOnEveryRule() throws PolicyException {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", header(TestPolicies.ALL_ALLOW) + """
                rules:
                  - id: r
                    effect: deny
                    channels: [file]
                """));
        var result = Pipeline.runUpTo(dir, Pipeline.Stage.CHECK);
        assertEquals(4, result.policy().files().getFirst().rules().getFirst().span().line());
        assertEquals(null, result.compiled(), "the pipeline stopped after the check stage");
        assertEquals(List.of(Pipeline.Stage.LOAD, Pipeline.Stage.CHECK), List.copyOf(result.timings().keySet()));
    }
}
