package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This machine's python3 with the stdlib-only audit hook of clients/python, against a running daemon:
 * a script on a noexec tmpfs is refused, `python3 -c` is refused where the interpreter's scope denies
 * inline code, and an allowed script runs. Needs root (it mounts a tmpfs) and /usr/bin/python3.
 */
class PythonClientTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    record Run(int code, String out) {}

    private Run python(Path socket, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", Path.of("clients", "python").toAbsolutePath().toString());
        pb.environment().put("MAYEXEC_SOCKET", socket.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void realPython_asksTheDaemon() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root) System.err.println("\n*** PythonClientTest NOT RUN: it needs root to mount a noexec tmpfs ***\n");
        Assumptions.assumeTrue(root && Files.isExecutable(PYTHON), "needs root and /usr/bin/python3");
        Path policy = TestPolicies.write(tmp, Map.of(
                "policy.yaml", "name: python-client\nkernel: {check: mount}\ndefaults: " + TestPolicies.ALL_ALLOW + "\n",
                "interpreters/python3.yaml", """
                        interpreter: python3
                        executables: [/usr/bin/python3, /usr/bin/python3.*]
                        rules:
                          - id: python-no-inline
                            effect: deny
                            channels: [inline]
                            message: python may not run code given on the command line
                        """));
        Path noexec = Files.createDirectory(tmp.resolve("noexec"));
        Path exec = Files.createDirectory(tmp.resolve("exec"));
        run("mount", "-t", "tmpfs", "-o", "noexec,mode=0755", "mx-py-noexec", noexec.toString());
        try {
            Path refused = Files.writeString(noexec.resolve("refused.py"), "print('ran from noexec')\n");
            Path allowed = Files.writeString(exec.resolve("allowed.py"), "import json\nprint('allowed', json.dumps([1]))\n");
            Files.setPosixFilePermissions(allowed, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path socket = tmp.resolve("mx.sock");
            try (DecisionServer server = DecisionServer.start(Decider.load(policy), LiveFacts.system(),
                    DecisionServer.Options.defaults(socket))) {
                Run ok = python(socket, allowed.toString());
                assertEquals(0, ok.code(), ok.out());
                assertEquals("allowed [1]\n", ok.out());

                Run onNoexec = python(socket, refused.toString());
                assertNotEquals(0, onNoexec.code());
                assertTrue(onNoexec.out().contains("mayexec: refused to run " + refused), onNoexec.out());
                assertTrue(onNoexec.out().contains("noexec"), onNoexec.out());
                assertEquals(1, onNoexec.out().strip().lines().count(), "one line, not a traceback: " + onNoexec.out());
                assertTrue(!onNoexec.out().contains("ran from noexec"));

                Run inline = python(socket, "-c", "print('inline ran')");
                assertNotEquals(0, inline.code());
                assertTrue(inline.out().contains("python may not run code given on the command line"), inline.out());
                assertTrue(!inline.out().contains("inline ran"));

                Files.writeString(noexec.resolve("evilmod.py"), "print('evil imported')\n");
                Path importer = Files.writeString(exec.resolve("importer.py"),
                        "import sys\nsys.path.insert(0, '" + noexec + "')\nimport evilmod\n");
                Run imported = python(socket, importer.toString());
                assertNotEquals(0, imported.code());
                assertTrue(imported.out().contains("mayexec: refused to run " + noexec.resolve("evilmod.py")), imported.out());
                assertTrue(!imported.out().contains("evil imported"), "an import goes through io.open_code, which is checked");
                assertEquals(1, imported.out().strip().lines().count(), "one line, not a traceback: " + imported.out());

                Run module = python(socket, "-m", "json.tool", allowed.toString().replace("allowed.py", "missing.json"));
                assertTrue(!module.out().contains("mayexec: refused"), "a module from the standard library is allowed: "
                        + module.out());
                assertTrue(server.status().get("decisions").asLong() >= 4);
            }
            Run unreachable = python(tmp.resolve("nobody.sock"), allowed.toString());
            assertNotEquals(0, unreachable.code(), "no daemon: fail closed");
            assertTrue(unreachable.out().contains("no answer from"), unreachable.out());
        } finally {
            run("umount", "-l", noexec.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
