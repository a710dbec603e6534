package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.TestPolicies;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI's contract: output formats and exit codes (0 allow, 2 usage, 3 invalid policy, 4 deny). */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        List<JsonNode> jsonLines() {
            return out.lines().map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + l, e);
                }
            }).toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path requests(String... lines) throws IOException {
        Path f = Files.createTempFile(tmp, "requests", ".jsonl");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void decide_allAllowed_exitsZero_oneLinePerRequest() throws IOException {
        Path r = requests("{\"channel\":\"file\"}", "", "{\"channel\":\"inline\"}");
        Run run = run("decide", "--policy", "policies/kernel-default", "--request", r.toString());
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(2, lines.size(), "a blank line is skipped");
        assertEquals("allow", lines.get(0).get("decision").asText());
        assertEquals("file", lines.get(0).get("channel").asText());
        assertEquals("inline", lines.get(1).get("channel").asText());
        assertTrue(lines.get(0).get("policy").asText().startsWith("sha256:"));
    }

    @Test
    void decide_anyDenied_exitsFour_andKeepsOrder() throws IOException {
        Path r = requests("{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}",
                "{\"channel\":\"file\"}");
        Run run = run("decide", "--policy", "policies/kernel-default", "--request", r.toString());
        assertEquals(4, run.code());
        List<JsonNode> lines = run.jsonLines();
        assertEquals("deny", lines.get(0).get("decision").asText());
        assertEquals("securebits.deny-interactive", lines.get(0).get("reasons").get(0).get("code").asText());
        assertEquals("allow", lines.get(1).get("decision").asText());
    }

    @Test
    void decide_malformedLine_isDeniedWithTheReason_andOthersAreStillAnswered() throws IOException {
        Path r = requests("{\"channel\":\"file\"}", "{not json", "{\"channel\":\"fil\"}", "{\"channel\":\"file\",\"proces\":{}}",
                "{\"channel\":\"file\",\"file\":{\"mode\":\"999\"}}", "{\"channel\":\"file\"}");
        Run run = run("decide", "--policy", "policies/kernel-default", "--request", r.toString());
        assertEquals(4, run.code());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(6, lines.size());
        assertEquals("allow", lines.get(0).get("decision").asText());
        for (int i = 1; i <= 4; i++) {
            assertEquals("deny", lines.get(i).get("decision").asText());
            assertEquals("request.invalid", lines.get(i).get("reasons").get(0).get("code").asText());
        }
        assertTrue(lines.get(1).get("reasons").get(0).get("message").asText().startsWith("line 2: invalid JSON"));
        assertTrue(lines.get(2).get("reasons").get(0).get("message").asText().contains("did you mean `file`?"));
        assertTrue(lines.get(3).get("reasons").get(0).get("message").asText().contains("did you mean `process`?"));
        assertTrue(lines.get(4).get("reasons").get(0).get("message").asText().contains("\"0755\""));
        assertEquals("allow", lines.get(5).get("decision").asText());
    }

    @Test
    void decide_aRequestAskedAgain_isCachedFromItsThirdTime_withTheSameAnswer() throws IOException {
        String req = "{\"channel\":\"file\",\"file\":{\"path\":\"/tmp/x\"}}";
        Run run = run("decide", "--policy", "policies/example", "--request", requests(req, req, req).toString());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(List.of(false, false, true), lines.stream().map(l -> l.get("cached").asBoolean()).toList());
        lines.forEach(l -> ((com.fasterxml.jackson.databind.node.ObjectNode) l).remove("cached"));
        assertEquals(lines.get(0), lines.get(1));
        assertEquals(lines.get(0), lines.get(2));
    }

    @Test
    void decide_invalidPolicy_exitsThree_withLocatedErrorsAndACaret() {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\ndefaults: {file: alow}\n"));
        Run run = run("decide", "--policy", dir.toString(), "--request", "/dev/null");
        assertEquals(3, run.code());
        assertTrue(run.err().contains(dir.resolve("policy.yaml") + ":2:18: error[mx.load.bad-value]: unknown value `alow`"),
                run.err());
        assertTrue(run.err().contains("    | defaults: {file: alow}\n    |                  ^"), run.err());
        assertTrue(run.err().contains("= help: did you mean `allow`?"), run.err());
        assertFalse(run.err().contains("Exception"), "no stack trace for a user");
    }

    @Test
    void usageErrors_exitTwo() {
        assertEquals(2, run("decide").code(), "--policy is required");
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("decide", "--policy", "policies/kernel-default", "--request", tmp.resolve("missing").toString()).code());
    }

    @Test
    void help_listsTheExitCodes() {
        Run run = run("--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("4   denied"), run.out());
        assertTrue(run.out().contains("3   invalid policy"), run.out());
    }

    @Test
    void compile_printsBaseAndGeneratedRules() throws IOException {
        Run run = run("compile", "--policy", "policies/example");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("rule \"baseline: exec-restrict-file needs the kernel's consent for code from files\""));
        assertTrue(run.out().contains("rule \"services/nginx.yaml#nginx-never-interprets\""));
        Path out = tmp.resolve("out.drl");
        assertEquals(0, run("compile", "--policy", "policies/example", "--out", out.toString()).code());
        assertEquals(run.out(), Files.readString(out));
    }

    @Test
    void demo_explainsAllowsAndDenies() {
        Run run = run("demo", "--policy", "policies/example");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("=> ALLOW"), run.out());
        assertTrue(run.out().contains("=> DENY"), run.out());
        assertTrue(run.out().contains("DENY (audit mode: logged, not enforced)"), run.out());
        assertTrue(run.out().contains("rule `nginx-never-interprets` at services/nginx.yaml:"), run.out());
    }

    @Test
    void decideLive_collectsTheFactsAndAsksTheKernel() throws IOException {
        Path script = Files.writeString(tmp.resolve("s.sh"), "echo hi\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        long self = ProcessHandle.current().pid();
        Path r = requests(
                "{\"channel\":\"file\",\"pid\":" + self + ",\"path\":\"" + script + "\"}",
                "{\"channel\":\"file\",\"process\":{\"pid\":" + self + ",\"securebits\":[\"exec-restrict-file\"]},\"path\":\""
                        + script + "\"}",
                "{\"channel\":\"file\",\"pid\":2147483647,\"path\":\"" + script + "\"}",
                "{\"channel\":\"file\",\"path\":\"" + tmp.resolve("missing") + "\"}");
        Run run = run("decide", "--live", "--policy", "policies/kernel-default", "--request", r.toString());
        List<JsonNode> lines = run.jsonLines();
        assertEquals("allow", lines.get(0).get("decision").asText(), "this JVM has no exec securebits");
        assertEquals("deny", lines.get(1).get("decision").asText());
        assertEquals("kernel.check-failed", lines.get(1).get("reasons").get(0).get("code").asText());
        assertTrue(lines.get(1).get("reasons").get(0).get("message").asText().contains("EACCES"));
        assertEquals("facts.unavailable", lines.get(2).get("reasons").get(0).get("code").asText());
        assertEquals("no process 2147483647", lines.get(2).get("reasons").get(0).get("message").asText());
        assertEquals("facts.unavailable", lines.get(3).get("reasons").get(0).get("code").asText());
        assertEquals(4, run.code());
    }
}
