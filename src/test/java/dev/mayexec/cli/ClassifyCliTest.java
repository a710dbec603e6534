package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayexec.TestPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec classify} and invocations in {@code mayexec decide}: output formats and exit codes. */
class ClassifyCliTest {
    @TempDir
    Path tmp;

    @Test
    void classify_printsOneRequestPerLine_inDecidesFormat() {
        CliTest.Run run = CliTest.run("classify", "--cwd", "/srv", "--env", "PERL5OPT=-Mstrict", "--",
                "perl", "-MData::Dumper", "job.pl", "--verbose");
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(3, lines.size(), run.out());
        assertEquals("environment", lines.get(0).get("channel").asText());
        assertEquals("module", lines.get(1).get("channel").asText());
        assertEquals("file", lines.get(2).get("channel").asText());
        assertEquals("/srv/job.pl", lines.get(2).get("file").get("path").asText());
        assertTrue(lines.get(2).get("process").get("exe").asText().endsWith("/perl"), "found on the default PATH: " + lines);
    }

    @Test
    void classify_designsExample_isOneModuleRequest() {
        CliTest.Run run = CliTest.run("classify", "--", "python3", "-W", "ignore", "-m", "http.server");
        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.jsonLines().size(), run.out());
        assertEquals("module", run.jsonLines().getFirst().get("channel").asText());
    }

    @Test
    void classify_stdin_saysWhatFdZeroIs() {
        JsonNode pipe = CliTest.run("classify", "--stdin", "pipe", "--", "sh", "-s").jsonLines().getFirst();
        assertEquals("stdin", pipe.get("channel").asText());
        assertEquals("fifo", pipe.get("file").get("type").asText());
        JsonNode file = CliTest.run("classify", "--cwd", "/srv", "--stdin", "file:job.py", "--", "python3").jsonLines()
                .getFirst();
        assertEquals("/srv/job.py", file.get("file").get("path").asText());
        JsonNode tty = CliTest.run("classify", "--stdin", "tty", "--", "python3").jsonLines().getFirst();
        assertEquals("interactive", tty.get("channel").asText());
        assertTrue(tty.get("process").get("stdin_tty").asBoolean());
    }

    @Test
    void classify_profileOption_readsArgvWithThatProfile() {
        CliTest.Run run = CliTest.run("classify", "--profile", "ruby", "--", "/opt/rb/bin/ruby-custom", "-e", "p 1");
        assertEquals(0, run.code(), run.err());
        assertEquals("inline", run.jsonLines().getFirst().get("channel").asText());
        assertEquals("ruby", run.jsonLines().getFirst().get("process").get("interpreter").asText());
        CliTest.Run typo = CliTest.run("classify", "--profile", "rubby", "--", "x");
        assertEquals(4, typo.code());
        assertTrue(typo.err().contains("did you mean `ruby`?"), typo.err());
    }

    @Test
    void classify_explain_namesTheWordEachRequestComesFrom() {
        CliTest.Run run = CliTest.run("classify", "--explain", "--cwd", "/srv", "--", "node", "-r", "./hook.js", "app.js");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("module +/srv/hook\\.js +option `-r`"), lines.get(0));
        assertTrue(lines.get(1).matches("file +/srv/app\\.js +script `app\\.js`"), lines.get(1));
    }

    @Test
    void classify_anInvocationThatCannotBeClassified_exitsFour_andSaysWhy() {
        CliTest.Run run = CliTest.run("classify", "--", "python3", "-Q");
        assertEquals(4, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("mayexec classify: profile.unknown-option: unknown option `-Q`"), run.err());
        assertFalse(run.err().contains("Exception"));
    }

    @Test
    void classify_usageErrors_exitTwo() {
        assertEquals(2, CliTest.run("classify").code(), "ARGV is required");
        assertEquals(2, CliTest.run("classify", "--stdin", "socket", "--", "sh").code());
        assertEquals(2, CliTest.run("classify", "--env", "NOVALUE", "--", "sh").code());
        assertEquals(2, CliTest.run("classify", "python3", "-c", "1").code(), "without --, -c is taken for classify's");
    }

    @Test
    void classify_withAPolicy_usesItsOwnProfilesFirst() {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n",
                "interpreters/tool.yaml", "interpreter: tool\nexecutables: [/opt/tool/bin/tool]\nsyntax: python3\n"));
        CliTest.Run run = CliTest.run("classify", "--policy", dir.toString(), "--", "/opt/tool/bin/tool", "-c", "1");
        assertEquals(0, run.code(), run.err());
        assertEquals("/opt/tool/bin/tool", run.jsonLines().getFirst().get("process").get("exe").asText());
        Path broken = TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\n"));
        assertEquals(3, CliTest.run("classify", "--policy", broken.toString(), "--", "sh").code());
    }

    @Test
    void decide_anInvocation_decidesEachPart_andExitsFourWhenAnyIsDenied() throws IOException {
        Path requests = tmp.resolve("r.jsonl");
        Files.write(requests, List.of(
                "{\"argv\": [\"sh\", \"-c\", \"/usr/local/sbin/backup\"], \"process\": {\"service\": \"cron.service\","
                        + " \"exe\": \"/usr/bin/dash\"}}",
                "{\"argv\": [\"sh\", \"-c\", \"id\"], \"process\": {\"service\": \"nginx.service\", \"exe\": \"/usr/bin/dash\"}}"));
        CliTest.Run run = CliTest.run("decide", "--policy", "policies/example", "--request", requests.toString());
        assertEquals(4, run.code(), run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals("allow", lines.get(0).get("decision").asText());
        assertEquals("cron-sh-c", lines.get(0).get("parts").get(0).get("reasons").get(0).get("rule").asText());
        assertEquals("deny", lines.get(1).get("decision").asText());
        assertEquals("nginx-never-interprets", lines.get(1).get("reasons").get(0).get("rule").asText());
    }
}
