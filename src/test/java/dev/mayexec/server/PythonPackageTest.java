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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client as a user installs it: {@code pip install clients/python} into a virtual
 * environment (offline, with Debian's setuptools and wheel) installs a {@code .pth} file, so every
 * start of that interpreter asks the daemon, with no PYTHONPATH; a refusal is one line.
 */
class PythonPackageTest {
    @TempDir
    Path tmp;

    record Run(int code, String out) {}

    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PYTHONPATH");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), out);
    }

    @Test
    void pipInstall_installsTheHook() throws Exception {
        boolean venv = run(Map.of(), "/usr/bin/python3", "-c", "import venv, setuptools, wheel").code() == 0;
        if (!venv) System.err.println("\n*** PythonPackageTest NOT RUN: needs python3-venv, python3-setuptools, python3-wheel ***\n");
        Assumptions.assumeTrue(venv, "needs Debian's python3-venv, python3-setuptools and python3-wheel");
        Path source = Files.createDirectory(tmp.resolve("source")); // pip builds in the tree: not in the repository's
        try (Stream<Path> files = Files.list(Path.of("clients", "python"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, source.resolve(f.getFileName()));
        }
        Path env = tmp.resolve("venv");
        Run made = run(Map.of(), "/usr/bin/python3", "-m", "venv", "--system-site-packages", env.toString());
        assertEquals(0, made.code(), made.out());
        Run installed = run(Map.of(), env.resolve("bin/pip").toString(), "install", "--no-build-isolation", "--no-index",
                "--disable-pip-version-check", source.toString());
        assertEquals(0, installed.code(), installed.out());

        Path denied = Files.createDirectory(tmp.resolve("denied"));
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: package-test
                defaults: {file: allow, module: allow, library: allow, config: allow, stdin: allow, inline: allow, interactive: allow, environment: allow}
                rules:
                  - id: nothing-from-denied
                    effect: deny
                    channels: [file, module]
                    when: {path: {under: %s}}
                    message: nothing runs from the denied directory
                """.formatted(denied)));
        Path socket = tmp.resolve("mx.sock");
        try (DecisionServer server = DecisionServer.start(Decider.load(policy), LiveFacts.system(),
                DecisionServer.Options.defaults(socket))) {
            Map<String, String> ask = Map.of("MAYEXEC_SOCKET", socket.toString());
            String python = env.resolve("bin/python").toString();
            Run ok = run(ask, python, "-c", "import mayexec_hook, json; print('hooked', mayexec_hook.SOCKET)");
            assertEquals(0, ok.code(), ok.out());
            assertEquals("hooked " + socket + "\n", ok.out());
            long before = server.status().get("decisions").asLong();
            Path script = Files.writeString(denied.resolve("x.py"), "print('ran')\n");
            Run refused = run(ask, python, script.toString());
            assertNotEquals(0, refused.code(), refused.out());
            assertEquals(List.of("mayexec: refused to run " + script + ": nothing runs from the denied directory"
                    + " (rule `nothing-from-denied`, policy.yaml:4:5)"), refused.out().strip().lines().toList());
            assertTrue(server.status().get("decisions").asLong() > before, "the installed hook asked the daemon");
        }
    }
}
