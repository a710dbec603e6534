package dev.mayexec.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.server.DecisionServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mayexec run --socket}: the launcher sends the open program to a running daemon, which judges
 * that descriptor for the caller and answers what to set; the launcher sets it and execs.
 */
class LaunchSocketTest {
    @TempDir
    Path tmp;

    @Test
    void theDaemonJudgesTheDescriptor_andSaysWhatToSet() throws Exception {
        Launches.assumeRoot("LaunchSocketTest");
        Path marker = tmp.resolve("ran");
        Path denied = Files.writeString(tmp.resolve("denied.sh"), "#!/bin/sh\ntouch " + marker + "\n");
        Path allowed = Files.writeString(tmp.resolve("allowed.sh"), "#!/bin/sh\necho \"args: $*\"\n"
                + "python3 -c 'import ctypes; print(\"securebits\", ctypes.CDLL(None).prctl(27, 0, 0, 0, 0))'\n");
        for (Path p : List.of(denied, allowed)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: socket-launch
                defaults: %s
                launch: {securebits: [exec-restrict-file]}
                rules:
                  - id: not-that-script
                    effect: deny
                    channels: [file]
                    when: {path: %s}
                """.formatted(TestPolicies.ALL_ALLOW, denied)));
        Path socket = tmp.resolve("mx.sock");
        try (DecisionServer server = DecisionServer.start(Decider.load(policy), LiveFacts.system(),
                DecisionServer.Options.defaults(socket))) {
            Launches.Result ok = Launches.exec(Launches.command(List.of(),
                    List.of("--socket", socket.toString(), "--", allowed.toString(), "a", "b")), tmp, Launches.ENV);
            assertEquals(0, ok.code(), ok.both());
            assertEquals("args: a b\nsecurebits 256\n", ok.out(), "the daemon's policy set exec-restrict-file: " + ok.both());

            Launches.Result no = Launches.exec(Launches.command(List.of(),
                    List.of("--socket", socket.toString(), "--", denied.toString())), tmp, Launches.ENV);
            assertEquals(Launcher.CANNOT_EXECUTE, no.code(), no.both());
            assertFalse(Files.exists(marker), "the denied script ran");
            assertTrue(no.err().contains("not-that-script") && no.err().contains("mayexec run: decision {"), no.both());
            assertTrue(server.status().get("decisions").asLong() >= 2);
        }
        Launches.Result none = Launches.exec(Launches.command(List.of(),
                List.of("--socket", socket.toString(), "--", allowed.toString())), tmp, Launches.ENV);
        assertEquals(Launcher.CANNOT_EXECUTE, none.code(), "no daemon: nothing runs: " + none.both());
        assertTrue(none.err().contains("no answer from the daemon"), none.both());
    }
}
