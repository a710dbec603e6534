package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec run}'s command line: its options, and the refusals that come before anything is run. */
class RunCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theProgramsOptionsAreItsOwn_andWithoutTheCallersCapturedState_nothingRuns() {
        // no `--`: `-c` is python's, not a usage error; started in a JVM that bin/mayexec did not
        // prepare, the launch refuses, since it could not give the program its caller's state
        CliTest.Run r = CliTest.run("run", "--policy", "policies/kernel-default", "python3", "-c", "print(1)");
        assertEquals(126, r.code(), r.err());
        assertTrue(r.err().contains("the caller's environment and signal state were not captured")
                && r.err().contains("help: start `mayexec run` through bin/mayexec"), r.err());
    }

    @Test
    void policyOrSocket_exactlyOne() {
        CliTest.Run neither = CliTest.run("run", "--", "python3");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give exactly one of --policy DIR and --socket PATH"), neither.err());
        CliTest.Run both = CliTest.run("run", "--policy", "p", "--socket", "s", "--", "python3");
        assertEquals(2, both.code());
    }

    @Test
    void anInvalidPolicy_runsNothing_andSaysWhere() {
        Path p = TestPolicies.write(tmp, Map.of("policy.yaml", "name: broken\ndefaults: {file: deny}\nlaunch: {lock: maybe}\n"));
        CliTest.Run r = CliTest.run("run", "--policy", p.toString(), "--", "python3");
        assertEquals(126, r.code());
        assertTrue(r.err().contains("policy.yaml:3:") && r.err().contains("nothing was run"), r.err());
    }
}
