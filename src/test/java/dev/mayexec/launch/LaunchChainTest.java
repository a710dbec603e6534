package dev.mayexec.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system of the kernel design working as a whole (README, "Deployment"): in a mount namespace of
 * its own, with a tmpfs mounted exec and one noexec, a daemon running and the Python hook
 * installed, {@code mayexec run -- python3 app.py} starts python3 for a service whose launch block
 * sets exec-restrict-file. The app runs (allowed), sees the securebit set, imports a module from
 * the exec mount, and the hook refuses one from the noexec mount, because the securebit obliges it
 * to respect the kernel's verdict: the policy itself has no kernel check and allows every module.
 * Once with {@code --policy}, once with {@code --socket} (the daemon decides the launch too), and
 * once with the same policy less the launch block, where the same import goes through.
 */
class LaunchChainTest {
    @TempDir
    Path tmp;

    @Test
    void serviceLaunchBlock_securebits_hook_daemon_endToEnd() throws Exception {
        Launches.assumeRoot("LaunchChainTest");
        Path policy = TestPolicies.write(tmp, Map.of(
                "policy.yaml", "name: chain\ndefaults: " + TestPolicies.ALL_ALLOW + "\n",
                "services/app.yaml", """
                        service: mx-chain.service
                        launch:
                          securebits: [exec-restrict-file]
                        """));
        Files.move(policy, tmp.resolve("policy"));
        Files.move(TestPolicies.write(tmp, Map.of("policy.yaml", "name: chain\ndefaults: " + TestPolicies.ALL_ALLOW + "\n",
                "services/app.yaml", "service: mx-chain.service\n")), tmp.resolve("plain"));
        Files.createDirectories(tmp.resolve("exec"));
        Files.createDirectories(tmp.resolve("noexec"));
        Launches.Result r = Launches.exec(List.of("unshare", "-m", "--propagation", "private",
                Path.of("src/test/resources/launch/chain.sh").toAbsolutePath().toString(), Launches.JAVA,
                Launches.CLASS_PATH, Launches.WRAPPER.toString(), Path.of("clients/python").toAbsolutePath().toString(),
                tmp.toString()), tmp, Launches.ENV);
        assertEquals(0, r.code(), r.both());
        String[] runs = r.out().split("== ");
        assertEquals(4, runs.length, r.both());
        for (String run : List.of(runs[1], runs[3])) { // --policy policy, and --socket (the daemon serves policy)
            assertTrue(run.contains("securebits 256\n"), "exec-restrict-file set by the service's launch block: " + run);
            assertTrue(run.contains("goodmod from the exec mount\n"), run);
            assertTrue(run.contains("badmod refused: mayexec: refused to run " + tmp.resolve("noexec/badmod.py")), run);
            assertTrue(!run.contains("badmod imported"), run);
            assertTrue(run.endsWith("exit 0\n"), "the app ran to its end: " + run);
        }
        assertTrue(runs[3].startsWith("--socket"), r.both());
        // the control: the same service without the launch block; nothing in the policy refuses the module
        String plain = runs[2];
        assertTrue(plain.startsWith("--policy plain"), r.both());
        assertTrue(plain.contains("securebits 0\n"), r.both());
        assertTrue(plain.contains("badmod imported from the noexec mount\n"), "without the securebit the hook has no"
                + " reason to refuse: " + r.both());
        assertTrue(plain.endsWith("exit 0\n"), r.both());
    }
}
