package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.pipeline.Decider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python hook answering itself from the answers the daemon let it reuse (docs/DAEMON.md,
 * "Answers a client may reuse"), and never from one that no longer holds: each test imports a module
 * through a grant, changes one thing the grant depends on (its uid, its cgroup, its securebits, the
 * policy), and requires the next import to be refused. The control shows the grant is really used:
 * the daemon decides nothing for its imports. Needs root (setresuid, a cgroup of its own) and
 * /usr/bin/python3.
 */
class PythonReuseTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The v1 hierarchy systemd names its units in here (LiveFacts reads it when there is no v2 unit). */
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup/systemd");
    private static final String SERVICE = "mx-reuse-test.service";

    /** Imports m1 (through a grant), then does what argv[1] says, then imports m2. */
    private static final String SCRIPT = """
            import os, sys
            sys.path.insert(0, sys.argv[2])
            import mayexec_hook
            import m1
            print("m1 granted", "module" in mayexec_hook._grants, flush=True)
            step = sys.argv[1]
            if step == "setresuid":
                os.setgroups([])
                os.setresuid(65534, 65534, 0)
            elif step == "cgroup":
                with open(sys.argv[3], "w") as f:
                    f.write(str(os.getpid()))
            elif step == "securebits":
                mayexec_hook._prctl(28, 0x100, 0, 0, 0)  # PR_SET_SECUREBITS: exec-restrict-file
            elif step == "fork":
                child = os.fork()
                if child == 0:
                    print("child granted", "module" in mayexec_hook._grants, flush=True)
                    import m2
                    print("child imported m2", flush=True)
                    os._exit(0)
                os.waitpid(child, 0)
            elif step in ("reload", "rename"):
                print("waiting", flush=True)
                sys.stdin.readline()
            try:
                import m2
                print("m2 imported")
            except PermissionError as e:
                print("m2 refused:", e)
            """;

    @TempDir
    Path tmp;

    private DecisionServer server;
    private Path socket;
    private Path policy;
    private Path modules;
    private Path cgroup;

    @BeforeEach
    void start() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root) System.err.println("\n*** PythonReuseTest NOT RUN: it needs root (setresuid, a cgroup) ***\n");
        Assumptions.assumeTrue(root && Files.isExecutable(PYTHON), "needs root and /usr/bin/python3");
        policy = TestPolicies.write(tmp, Map.of(
                "policy.yaml", """
                        name: reuse
                        defaults: %s
                        rules:
                          - id: nobody-imports-nothing
                            effect: deny
                            channels: [module]
                            when: {uid: 65534}
                        """.formatted(TestPolicies.ALL_ALLOW),
                "services/blocked.yaml", """
                        service: %s
                        rules:
                          - id: the-blocked-service-imports-nothing
                            effect: deny
                            channels: [module]
                        """.formatted(SERVICE)));
        modules = Files.createDirectory(tmp.resolve("modules"));
        Files.writeString(modules.resolve("m1.py"), "VALUE = 1\n");
        Files.writeString(modules.resolve("m2.py"), "VALUE = 2\n"); // 0644: the kernel refuses it under exec-restrict-file
        Files.writeString(tmp.resolve("main.py"), SCRIPT);
        for (Path p : List.of(tmp, modules)) Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        socket = tmp.resolve("mx.sock");
        server = DecisionServer.start(Decider.load(policy), LiveFacts.system(), DecisionServer.Options.defaults(socket));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (cgroup != null) Files.deleteIfExists(cgroup);
    }

    private List<String> run(String step, String extra, Runnable midway) throws Exception {
        return run(List.of(), step, extra, midway);
    }

    /** Runs the script, behind {@code prefix} (setpriv, to run it as another user). */
    private List<String> run(List<String> prefix, String step, String extra, Runnable midway) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(PYTHON.toString(), tmp.resolve("main.py").toString(), step, modules.toString()));
        if (extra != null) cmd.add(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", Path.of("clients", "python").toAbsolutePath().toString());
        pb.environment().put("MAYEXEC_SOCKET", socket.toString());
        Process p = pb.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = p.getOutputStream()) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
                if (line.equals("waiting")) {
                    midway.run();
                    in.write('\n');
                    in.flush();
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertEquals("m1 granted True", out.get(0), "the first import is answered through a grant: " + out);
        return out;
    }

    /** m2 was refused, by the daemon, for {@code reason}: the grant that allowed m1 no longer held. */
    private void assertRefused(List<String> out, String reason) {
        assertTrue(last(out).startsWith("m2 refused: mayexec: refused to run " + modules.resolve("m2.py")), out.toString());
        assertTrue(last(out).contains(reason), out.toString());
    }

    /** The line that says what became of m2 (a refusal has a second line, how to see why). */
    private static String last(List<String> out) {
        return out.stream().filter(l -> l.startsWith("m2 ")).findFirst().orElse("no line about m2");
    }

    @Test
    void unchanged_theImportsAreAnsweredByTheClient() throws Exception {
        List<String> out = run("nothing", null, null);
        assertEquals("m2 imported", last(out), out.toString());
        assertEquals(0, server.status().get("decisions").asLong(),
                "the script, m1 and m2 were allowed through the grants: nothing was asked");
    }

    @Test
    void aForkedChild_asksOnAConnectionOfItsOwn() throws Exception {
        List<String> out = run("fork", null, null);
        assertTrue(out.contains("child granted False"), "a child keeps none of its parent's grants: " + out);
        assertTrue(out.contains("child imported m2"), out.toString());
        assertEquals("m2 imported", last(out), "the parent still answers itself: " + out);
        assertEquals(1, server.status().get("decisions").asLong(), "the child asked, the parent did not: " + out);
    }

    @Test
    void setresuid_endsTheGrant() throws Exception {
        assertRefused(run("setresuid", null, null), "nobody-imports-nothing");
    }

    @Test
    void aCgroupMove_endsTheGrant() throws Exception {
        if (!Files.isDirectory(CGROUPS)) System.err.println("\n*** PythonReuseTest.aCgroupMove NOT RUN: no " + CGROUPS + " ***\n");
        Assumptions.assumeTrue(Files.isDirectory(CGROUPS), "needs the v1 name=systemd hierarchy at " + CGROUPS);
        cgroup = Files.createDirectories(CGROUPS.resolve(SERVICE));
        assertRefused(run("cgroup", cgroup.resolve("cgroup.procs").toString(), null), "the-blocked-service-imports-nothing");
    }

    @Test
    void setSecurebits_endsTheGrant() throws Exception {
        assertRefused(run("securebits", null, null), "exec-restrict-file");
    }

    /** A grant on a user name ends when passwd gives the uid another name (the daemon watches passwd). */
    @Test
    void aRenamedUser_endsTheGrant() throws Exception {
        Files.writeString(Files.createDirectories(policy.resolve("users")).resolve("renamed.yaml"), """
                user: mx-reuse-renamed
                rules:
                  - id: the-renamed-user-imports-nothing
                    effect: deny
                    channels: [module]
                """);
        assertTrue(server.reload().get("reloaded").asBoolean());
        List<String> users = List.of("mx-reuse-named", "mx-reuse-renamed");
        for (String u : users) new ProcessBuilder("userdel", u).start().waitFor(); // left by an interrupted run
        exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", users.get(0));
        try {
            String uid = new String(new ProcessBuilder("id", "-u", users.get(0)).start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip();
            List<String> out = run(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"), "rename", null,
                    () -> {
                        renameInPasswd(users.get(0), users.get(1)); // usermod refuses a user whose process runs
                        try {
                            Thread.sleep(300); // the daemon's watch sees passwd replaced within milliseconds
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            assertRefused(out, "the-renamed-user-imports-nothing");
        } finally {
            renameInPasswd(users.get(1), users.get(0));
            for (String u : users) new ProcessBuilder("userdel", u).start().waitFor();
        }
    }

    /** Gives {@code from}'s uid the name {@code to} in /etc/passwd, replaced whole by a rename, as vipw does. */
    private static void renameInPasswd(String from, String to) {
        try {
            Path passwd = Path.of("/etc/passwd");
            String text = Files.readString(passwd).replaceAll("(?m)^" + from + ":", to + ":");
            Path next = Files.writeString(Path.of("/etc/passwd.mx-reuse-test"), text);
            Files.setPosixFilePermissions(next, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(next, passwd, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReload_endsTheGrant() throws Exception {
        assertRefused(run("reload", null, () -> {
            try {
                Files.writeString(policy.resolve("policy.yaml"), "name: reuse\ndefaults: "
                        + TestPolicies.ALL_ALLOW.replace("module: allow", "module: deny") + "\n");
                assertTrue(server.reload().get("reloaded").asBoolean());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), "the default for channel `module` is deny");
    }
}
