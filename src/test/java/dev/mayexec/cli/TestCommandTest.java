package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec test}: a report with rule coverage; exit 5 on a failure or an invalid test file. */
class TestCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleTests_pass_andExerciseEveryRule() {
        CliTest.Run run = CliTest.run("test", "--policy", "policies/example", "policies/example-tests");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("14 tests: 14 passed, 0 failed"), run.out());
        assertTrue(run.out().contains("rule coverage: 10 of 10 rules"), run.out());
    }

    @Test
    void aFailure_exitsFive_andSaysWhatWasWanted_andWhichRulesNoTestExercised() throws Exception {
        Path t = Files.writeString(tmp.resolve("t.yaml"), """
                tests:
                  - name: tmp scripts run
                    request: {channel: file, file: {path: /tmp/x.sh}}
                    want: allow
                  - name: nginx is denied by its own rule
                    request: {channel: inline, process: {service: nginx.service}}
                    want: deny
                    rule: cron-sh-c
                """);
        CliTest.Run run = CliTest.run("test", "--policy", "policies/example", t.toString());
        assertEquals(5, run.code());
        assertTrue(run.out().contains("FAIL  " + t + ":2:5  tmp scripts run\n      want allow, got deny ("), run.out());
        assertTrue(run.out().contains("want rule `cron-sh-c` among the reasons, got rule.deny:nginx-never-interprets"),
                run.out());
        assertTrue(run.out().contains("2 tests: 0 passed, 2 failed"), run.out());
        assertTrue(run.out().contains("  not exercised: alice-own-scripts (users/alice.yaml:4:5)"), run.out());
    }

    private Path twoTests() throws Exception {
        return Files.writeString(tmp.resolve("t.yaml"), """
                tests:
                  - name: tmp scripts <run> & "fail"
                    request: {channel: file, file: {path: /tmp/x.sh}}
                    want: allow
                  - name: cron may sh -c
                    request: {channel: inline, process: {service: cron.service, exe: /usr/bin/dash}}
                    want: allow
                """);
    }

    @Test
    void junitFormat_isXmlACiServerReads_withTheFailureAndItsPlace() throws Exception {
        Path t = twoTests();
        CliTest.Run run = CliTest.run("test", "--format", "junit", "--policy", "policies/example", t.toString());
        assertEquals(5, run.code(), run.err());
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(run.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var suite = (org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        var cases = xml.getElementsByTagName("testcase");
        var failed = (org.w3c.dom.Element) cases.item(0);
        assertEquals("tmp scripts <run> & \"fail\"", failed.getAttribute("name"), "escaped and read back");
        assertEquals(t.toString(), failed.getAttribute("classname"));
        assertTrue(failed.getElementsByTagName("failure").item(0).getTextContent()
                .startsWith(t + ":2:5: want allow, got deny ("), run.out());
        assertEquals(0, ((org.w3c.dom.Element) cases.item(1)).getElementsByTagName("failure").getLength());
    }

    @Test
    void jsonFormat_hasEveryResult_andTheCoverage() throws Exception {
        Path t = twoTests();
        CliTest.Run run = CliTest.run("test", "--format", "json", "--policy", "policies/example", t.toString());
        assertEquals(5, run.code(), run.err());
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(2, report.get("tests").asInt());
        assertEquals(1, report.get("failed").asInt());
        assertEquals("deny", report.get("results").get(0).get("got").asText());
        assertEquals(false, report.get("results").get(0).get("passed").asBoolean());
        assertEquals("cron-sh-c", report.get("results").get(1).get("reasons").get(0).get("rule").asText());
        assertEquals(10, report.get("coverage").get("rules").asInt());
        assertTrue(report.get("coverage").get("not_exercised").toString().contains("alice-own-scripts"));
    }

    @Test
    void anInvalidTestFile_isReportedAtItsPlace_andExitsFive() throws Exception {
        Path t = Files.writeString(tmp.resolve("bad.yaml"), """
                tests:
                  - name: a mode must be a string
                    request:
                      channel: file
                      file: {path: /x, mode: 755}
                    want: deny
                  - name: a typo in a rule id
                    request: {channel: file}
                    want: deny
                    rule: sytem-code
                """);
        CliTest.Run run = CliTest.run("test", "--policy", "policies/example", t.toString());
        assertEquals(5, run.code());
        assertTrue(run.err().contains(t + ":5:24: error[mx.test.bad-request]: invalid request: `file.mode` must be a string"),
                run.err());
        assertTrue(run.err().contains("error[mx.test.unknown-rule]: the policy has no rule `sytem-code`"), run.err());
        assertTrue(run.err().contains("did you mean `system-code`?"), run.err());
    }

    @Test
    void aMissingTestPath_isAUsageError_andABrokenPolicyExitsThree() {
        assertEquals(2, CliTest.run("test", "--policy", "policies/example", tmp.resolve("none").toString()).code());
        assertEquals(3, CliTest.run("test", "--policy", "compiler-tests/02-undefined-set/policy",
                "policies/example-tests").code());
    }
}
