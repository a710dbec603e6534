package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.collect.LiveFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attacks of a local, unprivileged user against the daemon and the Python client, performed for
 * real: a user made with {@code useradd}, switched to with {@code setpriv}, in namespaces of its own
 * ({@code unshare -Urm}), against a running daemon over its socket and the real {@code python3}.
 * Each test passes only when its attack fails. The policy allows code only from a root-owned
 * trusted directory (and Python's own library); the attacker's files are always denied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAttackerTest {
    static final String USER = "mx-attacker";
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    Path base;
    Path trusted;
    Path attacker;
    Path hook;
    Path socket;
    DecisionServer server;
    Path policy;
    int attackerUid;

    @BeforeAll
    void setUp() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root) System.err.println("\n*** LocalAttackerTest NOT RUN: it needs root (useradd, setpriv, chown) ***\n");
        Assumptions.assumeTrue(root && Files.isExecutable(PYTHON), "needs root and /usr/bin/python3");
        if (run(Map.of(), null, "id", "-u", USER).code() != 0) {
            Run made = run(Map.of(), null, "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
            assertEquals(0, made.code(), made.out());
        }
        attackerUid = Integer.parseInt(run(Map.of(), null, "id", "-u", USER).out().strip());
        // not JUnit's @TempDir: it is 0700, and the attacker must reach the socket and the hook
        base = open(Files.createTempDirectory("mx-attack-"));
        trusted = open(Files.createDirectory(base.resolve("trusted")));
        attacker = Files.createDirectory(base.resolve("attacker"));
        hook = open(Files.createDirectory(base.resolve("hook")));
        for (String f : List.of("mayexec_hook.py", "sitecustomize.py")) {
            Files.copy(Path.of("clients", "python", f), hook.resolve(f));
            open(hook.resolve(f));
        }
        Files.writeString(trusted.resolve("good.py"), "print('GOOD')\n");
        Files.writeString(trusted.resolve("mod.py"), "print('GOOD mod')\n");
        Files.writeString(trusted.resolve("main_imports_mod.py"), "import mod\n");
        Files.writeString(trusted.resolve("main_imports_flip.py"), "import flip\n");
        Files.writeString(trusted.resolve("flipgood.py"), "print('GOOD flip')\n");
        try (Stream<Path> s = Files.list(trusted)) {
            for (Path p : s.toList()) open(p);
        }
        chownAttacker(attacker);
        policy = TestPolicies.write(Files.createDirectory(base.resolve("policy")), Map.of("policy.yaml", """
                name: local-attacker
                kernel: {check: mount}
                defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
                rules:
                  - id: python-library
                    effect: allow
                    channels: [module, config]
                    when: {path: {under: /usr/lib}, file-uid: 0, others-can-write: false}
                  - id: trusted-code
                    effect: allow
                    channels: [file, module]
                    when: {path: {under: %s}, file-uid: 0, others-can-write: false}
                  - id: python-may-run-inline-code
                    effect: allow
                    channels: [inline]
                    when: {exe: %s}
                """.formatted(trusted, PYTHON.toRealPath())));
        socket = base.resolve("mx.sock");
        server = DecisionServer.start(Decider.load(policy), LiveFacts.system(), DecisionServer.Options.defaults(socket));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
        if (base != null) {
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    // -- 1. names resolved in the daemon's view: /proc/self/cwd, relative paths --------------------

    @Test
    void procSelfCwd_namesTheSubjectsFile_notTheDaemons() throws Exception {
        // through /proc/self/cwd this name leads, from the daemon's working directory, to the trusted file;
        // from the attacker's, to the attacker's own copy
        Mirror m = mirrorOfTrustedFile();
        String viaCwd = "/proc/self/cwd/" + m.relative();
        Run py = asAttacker(pythonWithHook(), m.cwd(), PYTHON.toString(), viaCwd);
        assertNotEquals(0, py.code(), py.out());
        assertFalse(py.out().contains("EVIL"), py.out());
        assertTrue(py.out().contains("mayexec: refused"), py.out());

        String answer = ask(m.cwd(), "{\"channel\": \"file\", \"path\": \"" + viaCwd + "\"}");
        assertTrue(answer.contains("\"decision\":\"deny\"") && answer.contains("magic link"), answer);
        for (String name : List.of("/dev/fd/0", "/proc/self/fd/0", "/proc/thread-self/cwd/x", "/proc/self/exe")) {
            String a = ask(attacker, "{\"channel\": \"file\", \"path\": \"" + name + "\"}");
            assertTrue(a.contains("\"decision\":\"deny\""), name + ": " + a);
        }
    }

    @Test
    void aRelativePath_isResolvedFromTheSubjectsWorkingDirectory() throws Exception {
        Mirror m = mirrorOfTrustedFile();
        String answer = ask(m.cwd(), "{\"channel\": \"file\", \"path\": \"" + m.relative() + "\"}");
        assertTrue(answer.contains("\"decision\":\"deny\""), answer);

        Path below = attackerFile("sub/good.py", "print('EVIL')\n");
        String mine = ask(attacker, "{\"channel\": \"file\", \"path\": \"" + attacker.relativize(below) + "\"}");
        assertTrue(mine.contains("\"decision\":\"deny\"") && !mine.contains("no file"), "its own file, judged: " + mine);
    }

    /** A relative name that leads to the trusted file from the daemon's directory and to the attacker's copy from {@code cwd}. */
    record Mirror(Path cwd, Path relative) {}

    private Mirror mirrorOfTrustedFile() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(trusted.resolve("good.py"));
        long ups = 0;
        for (Path part : relative) if (part.toString().equals("..")) ups++;
        Path cwd = attacker.resolve("mirror-" + System.nanoTime());
        for (int i = 0; i < ups; i++) cwd = cwd.resolve("d" + i);
        Path planted = cwd.resolve(relative).normalize();
        assertTrue(planted.startsWith(attacker), planted.toString());
        attackerFile(attacker.relativize(planted).toString(), "print('EVIL')\n");
        Files.createDirectories(cwd);
        chownAttacker(attacker);
        return new Mirror(cwd, relative);
    }

    // -- 2. another mount namespace -------------------------------------------------------------

    @Test
    void aBindMountInTheAttackersNamespace_isJudgedAsTheAttackersFile() throws Exception {
        Path evil = attackerFile("evil.py", "print('EVIL')\n");
        String good = trusted.resolve("good.py").toString();
        String request = "{\"channel\": \"file\", \"path\": \"" + good + "\"}";
        String script = "mount --bind " + evil + " " + good
                + " && /usr/bin/python3 -I " + resource("ask.py") + " " + socket + " '" + request + "'"
                + " && /usr/bin/python3 -I " + resource("ask.py") + " " + socket + " '{\"channel\": \"file\"}' " + good
                + " && PYTHONPATH=" + hook + " MAYEXEC_SOCKET=" + socket + " /usr/bin/python3 " + good;
        Run r = asAttacker(Map.of(), attacker, "unshare", "-Urm", "sh", "-c", script);
        String[] lines = r.out().split("\n");
        assertTrue(lines.length >= 2, r.out());
        assertTrue(lines[0].contains("\"decision\":\"deny\""), "by path, in the attacker's view: " + r.out());
        assertTrue(lines[1].contains("\"decision\":\"deny\""), "by descriptor: " + r.out());
        assertFalse(r.out().contains("EVIL"), "the hook ran the bind-mounted file: " + r.out());
        // and the real file, asked the same two ways outside that namespace, is allowed
        assertTrue(ask(attacker, request).contains("\"decision\":\"allow\""));
    }

    @Test
    void anExecutableBindMountedInTheAttackersNamespace_isNotThePolicysExecutable() throws Exception {
        // the attacker's own interpreter, shown under the system python's name in its own namespace
        String real = PYTHON.toRealPath().toString();
        Path copy = attacker.resolve("mypython");
        Files.copy(Path.of(real), copy);
        chownAttacker(copy);
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String inline = "{\"channel\": \"inline\"}";
        assertTrue(ask(attacker, inline).contains("\"decision\":\"allow\""), "the system python may run inline code");
        Run r = asAttacker(Map.of(), attacker, "unshare", "-Urm", "sh", "-c", "mount --bind " + copy + " " + real
                + " && " + real + " -I " + resource("ask.py") + " " + socket + " '" + inline + "'");
        assertTrue(r.out().contains("\"decision\":\"deny\""), "judged as the attacker's executable: " + r.out());
    }

    // -- 3. check-then-open races -------------------------------------------------------------

    @Test
    void aFlippingSymlink_neverRunsTheAttackersMainScript() throws Exception {
        Path evil = attackerFile("flip-main-evil.py", "print('EVIL')\n");
        Path link = attacker.resolve("main-link.py");
        int ran = 0;
        try (Flipper f = new Flipper(link, trusted.resolve("good.py"), evil)) {
            for (int i = 0; i < 60; i++) {
                Run py = asAttacker(pythonWithHook(), attacker, PYTHON.toString(), link.toString());
                assertFalse(py.out().contains("EVIL"), "run " + i + " executed the attacker's file: " + py.out());
                if (py.out().contains("GOOD")) ran++;
            }
        }
        System.out.println("LocalAttackerTest: flipping main script, 60 runs, " + ran + " ran the good file, 0 the attacker's");
    }

    @Test
    void aFlippingSymlink_neverRunsTheAttackersModule() throws Exception {
        Path evil = attackerFile("flip-mod-evil.py", "print('EVIL')\n");
        Path link = trusted.resolve("flip.py"); // root's directory, so only the link's target can be wrong
        try (Flipper f = new Flipper(link, trusted.resolve("flipgood.py"), evil)) {
            for (int i = 0; i < 60; i++) {
                Run py = asAttacker(pythonWithHook(), attacker, PYTHON.toString(),
                        trusted.resolve("main_imports_flip.py").toString());
                assertFalse(py.out().contains("EVIL"), "run " + i + " imported the attacker's file: " + py.out());
            }
        } finally {
            Files.deleteIfExists(link);
        }
    }

    // -- 5, 6. the client: only an explicit allow from the real daemon runs code ------------------

    @Test
    void anErrorFromTheDaemon_isADeny() throws Exception {
        Path full = base.resolve("full.sock");
        DecisionServer.Options one = new DecisionServer.Options(full, null, false, 1, java.time.Duration.ofSeconds(30),
                65536);
        try (DecisionServer busy = DecisionServer.start(Decider.load(policy), LiveFacts.system(), one);
             DaemonClient holder = DaemonClient.connect(full)) {
            assertTrue(holder.ask("{\"control\": \"status\"}").contains("policy"), "the one slot is taken");
            Path evil = attackerFile("when-busy.py", "print('EVIL')\n");
            Map<String, String> env = new HashMap<>(pythonWithHook());
            env.put("MAYEXEC_SOCKET", full.toString());
            Run py = asAttacker(env, attacker, PYTHON.toString(), evil.toString());
            assertNotEquals(0, py.code(), py.out());
            assertFalse(py.out().contains("EVIL"), py.out());
            // the daemon answers "too many clients" and closes: the client reads that error, or finds the pipe closed
            assertTrue(py.out().contains("mayexec: refused") && (py.out().contains("too many clients")
                    || py.out().contains("no answer from")), py.out());
        }
    }

    @Test
    void theEnvironmentCannotSwitchTheClientOff() throws Exception {
        Path evil = attackerFile("env.py", "print('EVIL')\n");
        Map<String, String> failOpen = new HashMap<>(pythonWithHook());
        failOpen.put("MAYEXEC_SOCKET", attacker.resolve("nothing-here.sock").toString());
        failOpen.put("MAYEXEC_FAIL_OPEN", "1");
        Run open = asAttacker(failOpen, attacker, PYTHON.toString(), evil.toString());
        assertNotEquals(0, open.code(), open.out());
        assertFalse(open.out().contains("EVIL"), "MAYEXEC_FAIL_OPEN=1 ran it: " + open.out());

        Path fake = attacker.resolve("fake.sock");
        Process server = new ProcessBuilder(asAttackerCommand(PYTHON.toString(), "-I", resource("fake_daemon.py").toString(), fake.toString(), "60")).redirectErrorStream(true).start();
        try {
            assertEquals("ready", new String(server.getInputStream().readNBytes(5), StandardCharsets.UTF_8));
            Map<String, String> impostor = new HashMap<>(pythonWithHook());
            impostor.put("MAYEXEC_SOCKET", fake.toString());
            Run py = asAttacker(impostor, attacker, PYTHON.toString(), evil.toString());
            assertNotEquals(0, py.code(), py.out());
            assertFalse(py.out().contains("EVIL"), "a server the user runs answered allow: " + py.out());
            assertTrue(py.out().contains("served by uid " + attackerUid), py.out());
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    // -- 7, 8. what CPython executes: bytecode, first imports, zip archives ----------------------

    @Test
    void theAttackersBytecode_isJudgedItself_andNeverRuns() throws Exception {
        // root's mod.py, in a directory whose __pycache__ the attacker owns: a .pyc whose header matches
        // mod.py (same size and mtime) would run in its place
        Path shared = open(Files.createDirectory(trusted.resolve("shared")));
        Path mod = open(Files.writeString(shared.resolve("mod.py"), "print('GOOD mod')\n"));
        Path main = open(Files.writeString(shared.resolve("main.py"), "import mod\n"));
        Path cache = Files.createDirectory(shared.resolve("__pycache__"));
        chownAttacker(cache);
        Path evilSource = attackerFile("evilsrc/mod.py", "print('EVIL mod')\n");
        assertEquals(Files.size(mod), Files.size(evilSource), "same size, so the header matches");
        Files.setLastModifiedTime(evilSource, Files.getLastModifiedTime(mod));
        Run compiled = asAttacker(Map.of(), attacker, PYTHON.toString(), "-I", "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                evilSource.toString(), cache.resolve("mod.cpython-311.pyc").toString());
        assertEquals(0, compiled.code(), compiled.out());
        Run withoutHook = asAttacker(Map.of(), attacker, PYTHON.toString(), main.toString());
        assertTrue(withoutHook.out().contains("EVIL mod"), "the attack is real without the hook: " + withoutHook.out());
        Run py = asAttacker(pythonWithHook(), attacker, PYTHON.toString(), main.toString());
        assertFalse(py.out().contains("EVIL"), "the attacker's bytecode ran: " + py.out());
        assertTrue(py.out().contains("GOOD mod"), "the source was judged and run instead: " + py.out());
        assertEquals(0, py.code(), py.out());
    }

    @Test
    void aFirstImport_andZipImports_workAndFailCleanly() throws Exception {
        Path fresh = open(Files.createDirectory(trusted.resolve("fresh")));
        open(Files.writeString(fresh.resolve("newmod.py"), "print('GOOD new')\n"));
        open(Files.writeString(fresh.resolve("main.py"), "import newmod\n"));
        Run first = run(pythonWithHook(), null, PYTHON.toString(), fresh.resolve("main.py").toString());
        assertEquals(0, first.code(), "no .pyc yet must not crash CPython: " + first.out());
        assertTrue(first.out().contains("GOOD new"), first.out());

        Path zip = attacker.resolve("lib.zip");
        Run zipped = asAttacker(Map.of(), attacker, PYTHON.toString(), "-I", "-c",
                "import zipfile, sys; zipfile.ZipFile(sys.argv[1], 'w').writestr('zmod.py', \"print('EVIL zip')\")",
                zip.toString());
        assertEquals(0, zipped.code(), zipped.out());
        Path main = open(Files.writeString(trusted.resolve("main_zip.py"),
                "import sys\nsys.path.insert(0, '" + zip + "')\nimport zmod\n"));
        Run py = asAttacker(pythonWithHook(), attacker, PYTHON.toString(), main.toString());
        assertNotEquals(0, py.code(), py.out());
        assertFalse(py.out().contains("EVIL"), py.out());
        assertFalse(py.out().contains("_Refused"), "a clean refusal, not a broken file object: " + py.out());
        assertTrue(py.out().contains("mayexec: refused"), py.out());
    }

    // -- helpers ---------------------------------------------------------------------------------

    /** Points a symlink at two targets in turn, atomically, as fast as it can, until closed. */
    static final class Flipper implements AutoCloseable {
        private volatile boolean stop;
        private final Thread thread;

        Flipper(Path link, Path a, Path b) throws IOException {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, a);
            Path tmp = link.resolveSibling(link.getFileName() + ".next");
            thread = Thread.ofPlatform().daemon().start(() -> {
                boolean first = false;
                while (!stop) {
                    try {
                        Files.deleteIfExists(tmp);
                        Files.createSymbolicLink(tmp, first ? a : b);
                        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        first = !first;
                        Thread.yield();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    record Run(int code, String out) {}

    private Map<String, String> pythonWithHook() {
        return Map.of("PYTHONPATH", hook.toString(), "MAYEXEC_SOCKET", socket.toString());
    }

    private String ask(Path cwd, String json) throws Exception {
        Run r = asAttacker(Map.of(), cwd, PYTHON.toString(), "-I", resource("ask.py").toString(), socket.toString(), json);
        assertEquals(0, r.code(), r.out());
        return r.out();
    }

    /** A script of src/test/resources/attack, copied where the attacker can read it. */
    private Path resource(String name) throws IOException {
        Path copy = hook.resolve(name);
        if (!Files.exists(copy)) open(Files.copy(Path.of("src", "test", "resources", "attack", name), copy));
        return copy;
    }

    private Path attackerFile(String relative, String content) throws Exception {
        Path f = attacker.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        chownAttacker(attacker);
        return f;
    }

    private void chownAttacker(Path p) throws Exception {
        Run r = run(Map.of(), null, "chown", "-R", USER + ":" + USER, p.toString());
        assertEquals(0, r.code(), r.out());
    }

    private static Path open(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        return p;
    }

    private static List<String> asAttackerCommand(String... command) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private Run asAttacker(Map<String, String> env, Path cwd, String... command) throws Exception {
        return run(env, cwd, asAttackerCommand(command).toArray(String[]::new));
    }

    private static Run run(Map<String, String> env, Path cwd, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PYTHONPATH");
        pb.environment().putAll(env);
        if (cwd != null) pb.directory(cwd.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        return new Run(p.exitValue(), out);
    }
}
