package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mayexec.TestPolicies;
import dev.mayexec.bench.DecisionLogGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands over review (explain, diff, replay): their output formats and exit codes. */
class ReviewCommandsTest {
    private static final String ALICE_TMP = "{\"channel\":\"file\",\"process\":{\"user\":\"alice\",\"uid\":1000},"
            + "\"file\":{\"path\":\"/tmp/x.py\",\"uid\":1000,\"others_can_write\":false}}";

    @TempDir
    Path tmp;

    @Test
    void explain_aDeny_exitsFour_andSaysWhyNot() {
        CliTest.Run run = CliTest.run("explain", "--policy", "policies/example", ALICE_TMP);
        assertEquals(4, run.code(), run.err());
        assertTrue(run.out().contains("`alice-own-scripts` (users/alice.yaml:4:5) needs `path` under /home/alice;"
                + " the request has `/tmp/x.py`"), run.out());
    }

    @Test
    void explain_json_isOneObjectPerRequest_fromStandardInputOrAFile() throws Exception {
        Path requests = Files.write(tmp.resolve("r.jsonl"), List.of(ALICE_TMP, "", "{\"channel\":\"inline\"}"));
        CliTest.Run run = CliTest.run("explain", "--policy", "policies/example", "--format", "json", "--request",
                requests.toString());
        List<JsonNode> lines = run.jsonLines();
        assertEquals(2, lines.size(), run.out());
        assertEquals("deny", lines.get(0).get("decision").get("decision").asText());
        assertEquals("alice-own-scripts", lines.get(0).get("why_not").get(0).get("rule").asText());
    }

    @Test
    void explain_anUnreadableRequest_exitsTwo_namingIt() {
        CliTest.Run run = CliTest.run("explain", "--policy", "policies/example", "{\"channel\":\"filez\"}");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("request 1: unknown channel `filez`"), run.err());
    }

    @Test
    void diff_aRefactor_exitsZero_noChange_andMarkdown() {
        String dir = "compiler-tests/diff/refactor-split-rule/";
        CliTest.Run run = CliTest.run("diff", dir + "old", dir + "new", "--format", "markdown");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("**no change in any decision**"), run.out());
    }

    @Test
    void diff_invalidPolicy_exitsThree_unknownFormat_exitsTwo() {
        assertEquals(3, CliTest.run("diff", "policies/example", tmp.toString()).code());
        assertEquals(2, CliTest.run("diff", "policies/example", "policies/example", "--format", "html").code());
    }

    @Test
    void replay_isACiGate() throws Exception {
        Path log = tmp.resolve("decisions.log");
        DecisionLogGenerator.write(TestPolicies.shipped("example"), 500, log, 200, 3);
        String narrowed = "compiler-tests/diff/one-char-uid/new";
        CliTest.Run same = CliTest.run("replay", "--policy", "policies/example", log.toString());
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().startsWith("replayed 500 of 500 logged decisions: 0 allowed before would be denied"), same.out());
        CliTest.Run broken = CliTest.run("replay", "--policy", narrowed, log.toString(), "--format", "json");
        assertEquals(4, broken.code(), broken.out() + broken.err());
        assertTrue(broken.jsonLines().getFirst().get("allow_to_deny").asLong() > 0, broken.out());
        assertEquals(0, CliTest.run("replay", "--policy", narrowed, log.toString(), "--accept-denials").code());
        assertEquals(2, CliTest.run("replay", "--policy", narrowed, tmp.resolve("missing.log").toString()).code());
    }

    @Test
    void replay_showsProgressOnATerminal_andOnlyThere() throws Exception {
        boolean script = Files.isExecutable(Path.of("/usr/bin/script"));
        if (!script) System.err.println("\n*** ReviewCommandsTest.replay_showsProgress NOT RUN: needs script(1) for a pty ***\n");
        Assumptions.assumeTrue(script, "script(1) gives the command a terminal");
        Path log = tmp.resolve("decisions.log");
        DecisionLogGenerator.write(TestPolicies.shipped("example"), 20_000, log, 200, 5);
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " --sun-misc-unsafe-memory-access=allow"
                + " -cp " + System.getProperty("java.class.path") + " dev.mayexec.cli.Main replay --policy policies/example "
                + log + " > " + tmp.resolve("report.txt");
        Process onTerminal = new ProcessBuilder("/usr/bin/script", "-qc", java, "/dev/null").redirectErrorStream(true).start();
        String shown = new String(onTerminal.getInputStream().readAllBytes());
        assertEquals(0, onTerminal.waitFor(), shown);
        assertTrue(shown.contains("mayexec replay: 20,000 lines, done"), shown);
        assertTrue(Files.readString(tmp.resolve("report.txt")).startsWith("replayed 20,000 of 20,000"), "the report still goes to the file");
        CliTest.Run piped = CliTest.run("replay", "--policy", "policies/example", log.toString());
        assertEquals("", piped.err(), "no progress where no one watches");
    }
}
