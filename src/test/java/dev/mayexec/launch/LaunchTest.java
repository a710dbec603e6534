package dev.mayexec.launch;

import static dev.mayexec.launch.Launches.PARENT;
import static dev.mayexec.launch.Launches.PYTHON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.TestPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayexec run} in processes of its own: what runs, what it is given, and what never starts. */
class LaunchTest {
    private static final Path REPORT_SOURCE = Path.of("src/test/resources/launch/report.py").toAbsolutePath();
    private static final String ALLOW_ALL = "defaults: " + TestPolicies.ALL_ALLOW + "\n";

    @TempDir
    Path tmp;

    /** The report script, executable (under exec-restrict-file the kernel's check of it must pass). */
    Path report;

    @org.junit.jupiter.api.BeforeEach
    void copyReport() throws Exception {
        report = Files.copy(REPORT_SOURCE, tmp.resolve("report.py"));
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path policy(String policyYaml, String... scoped) {
        Map<String, String> files = new java.util.HashMap<>();
        files.put("policy.yaml", "name: launch-test\n" + policyYaml);
        for (int i = 0; i + 1 < scoped.length; i += 2) files.put(scoped[i], scoped[i + 1]);
        return TestPolicies.write(tmp, files);
    }

    private Path script(String name, String text) throws Exception {
        Path p = Files.writeString(tmp.resolve(name), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Map<String, String> lines(String report) {
        return report.lines().collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
    }

    @Test
    void theProgramGetsWhatItsCallerGave_butNoUndeclaredDescriptor() throws Exception {
        Launches.assumeRoot("LaunchTest (fidelity)");
        Path p = policy(ALLOW_ALL);
        List<String> args = List.of(report.toString(), "two words", "ünïcode");
        List<String> direct = new ArrayList<>(List.of(PYTHON.toString(), PARENT.toString(), PYTHON.toString()));
        direct.addAll(args);
        Launches.Result without = Launches.exec(direct, tmp, Launches.ENV);
        List<String> runArgs = new ArrayList<>(List.of("--policy", p.toString(), "--", "python3"));
        runArgs.addAll(args);
        Launches.Result with = Launches.exec(Launches.command(List.of(PYTHON.toString(), PARENT.toString()), runArgs), tmp,
                Launches.ENV);
        assertEquals(0, without.code(), without.both());
        assertEquals(0, with.code(), with.both());
        Map<String, String> a = lines(without.out());
        Map<String, String> b = lines(with.out());
        // the caller's state is not the JVM's: the comparison means something only if the caller set it
        assertEquals("777", a.get("nofile"));
        assertEquals("0027", a.get("Umask"));
        assertEquals("[7]", a.get("fds"), "the caller's descriptor 7 reaches a program it starts itself");
        for (String key : List.of("argv", "environ", "cwd", "Umask", "SigBlk", "SigIgn", "nofile", "NoNewPrivs", "securebits")) {
            assertEquals(a.get(key), b.get(key), key + " differs under mayexec run:\n" + without.both() + "\n" + with.both());
        }
        assertEquals("[]", b.get("fds"), "descriptor 7 was not declared, so it does not pass: " + with.both());
        assertTrue(a.get("environ").contains(java.util.HexFormat.of().formatHex("MX_NOT_UTF8=caf".getBytes()) + "e9"));

        Path passes = policy(ALLOW_ALL + "launch: {pass-fds: [7]}\n");
        runArgs.set(1, passes.toString());
        Launches.Result declared = Launches.exec(Launches.command(List.of(PYTHON.toString(), PARENT.toString()), runArgs),
                tmp, Launches.ENV);
        assertEquals("[7]", lines(declared.out()).get("fds"), declared.both());
    }

    @Test
    void systemdsListenFds_passOnlyWhenDeclared() throws Exception {
        Launches.assumeRoot("LaunchTest (LISTEN_FDS)");
        Map<String, String> env = new java.util.HashMap<>(Launches.ENV);
        env.put("MX_LISTEN", "1");
        for (String launch : List.of("", "launch: {pass-fds: [listen-fds]}\n")) {
            Path p = policy(ALLOW_ALL + launch);
            Launches.Result r = Launches.exec(Launches.command(List.of(PYTHON.toString(), PARENT.toString()),
                    List.of("--policy", p.toString(), "--", "python3", report.toString())), tmp, env);
            assertEquals(0, r.code(), r.both());
            assertEquals(launch.isEmpty() ? "[]" : "[3]", lines(r.out()).get("fds"), launch + r.both());
        }
    }

    @Test
    void securebitsAndNoNewPrivs_comeFromTheLaunchBlocks_orNothingRuns() throws Exception {
        Launches.assumeRoot("LaunchTest (securebits)");
        Path p = policy(ALLOW_ALL + "launch: {securebits: [exec-restrict-file], lock: true}\n",
                "interpreters/python3.yaml", """
                        interpreter: python3
                        executables: [/usr/bin/python3, /usr/bin/python3.*]
                        launch: {securebits: [exec-deny-interactive], no-new-privs: true}
                        """);
        Launches.Result r = Launches.run(p, tmp, "python3", report.toString());
        assertEquals(0, r.code(), r.both());
        Map<String, String> seen = lines(r.out());
        assertEquals(Integer.toString(0x100 | 0x200 | 0x400 | 0x800), seen.get("securebits"),
                "exec-restrict-file and exec-deny-interactive, both locked (policy.yaml locks): " + r.both());
        assertEquals("1", seen.get("NoNewPrivs"));

        // a caller that locked exec-restrict-file off (SECBIT_EXEC_RESTRICT_FILE_LOCKED alone): a clear
        // refusal, never a run without the bits. (The kernel lets any process set and lock the exec
        // bits, CAP_SETPCAP or not: they only restrict; conformance/kernel-cases.tsv KSB-026 to KSB-029.)
        List<String> lockedOff = List.of(PYTHON.toString(), "-c", "import ctypes, os, sys\n"
                + "if ctypes.CDLL(None).prctl(28, 0x200, 0, 0, 0) != 0: sys.exit(9)\n"
                + "os.execv(sys.argv[1], sys.argv[1:])");
        Launches.Result refused = Launches.exec(Launches.command(lockedOff,
                List.of("--policy", p.toString(), "--", "python3", report.toString())), tmp, Launches.ENV);
        assertEquals(Launcher.CANNOT_EXECUTE, refused.code(), refused.both());
        assertEquals("", refused.out(), "nothing ran");
        assertTrue(refused.err().contains("cannot set the securebits") && refused.err().contains("exec-restrict-file")
                && refused.err().contains("locked"), refused.both());
    }

    @Test
    void aDeniedProgramNeverStarts() throws Exception {
        Path marker = tmp.resolve("ran");
        Path prog = script("touch.sh", "#!/bin/sh\ntouch " + marker + "\n");
        Path p = policy(ALLOW_ALL + """
                rules:
                  - id: not-this-one
                    effect: deny
                    channels: [file]
                    when: {path: %s}
                """.formatted(prog));
        Launches.Result r = Launches.run(p, tmp, prog.toString());
        assertEquals(Launcher.CANNOT_EXECUTE, r.code(), r.both());
        assertFalse(Files.exists(marker), "the denied program ran");
        assertTrue(r.err().contains("mayexec run: denied: " + prog), r.both());
        assertTrue(r.err().contains("rule.deny") && r.err().contains("not-this-one") && r.err().contains("policy.yaml:"), r.both());
        assertTrue(r.err().contains("mayexec run: decision {\"decision\":\"deny\""), "a decision-log line: " + r.both());

        Launches.Result allowed = Launches.run(policy(ALLOW_ALL), tmp, prog.toString());
        assertEquals(0, allowed.code(), allowed.both());
        assertTrue(Files.exists(marker), "the same program, allowed, runs");

        Launches.Result audit = Launches.run(policy("mode: audit\n" + ALLOW_ALL.replace("inline: allow", "inline: deny")), tmp,
                "sh", "-c", "echo audited");
        assertEquals(0, audit.code(), audit.both());
        assertEquals("audited\n", audit.out());
        assertTrue(audit.err().contains("audit: would deny"), audit.both());
    }

    @Test
    void refusals_sayWhy() throws Exception {
        Launches.assumeRoot("LaunchTest (refusals)");
        Path p = policy(ALLOW_ALL, "services/launch.yaml", """
                service: mx-launch-test.service
                rules:
                  - id: service-no-inline
                    effect: deny
                    channels: [inline]
                """);
        Launches.Result noProfile = Launches.run(p, tmp, "/bin/true");
        assertEquals(Launcher.CANNOT_EXECUTE, noProfile.code(), noProfile.both());
        assertTrue(noProfile.err().contains("profile.unknown-interpreter"), noProfile.both());
        Launches.Result unknownOption = Launches.run(p, tmp, "python3", "--no-such-option");
        assertEquals(Launcher.CANNOT_EXECUTE, unknownOption.code(), unknownOption.both());
        assertTrue(unknownOption.err().contains("profile.unknown-option") && unknownOption.err().contains("--no-such-option"),
                unknownOption.both());
        Launches.Result notFound = Launches.run(p, tmp, "no-such-program-mx");
        assertEquals(Launcher.NOT_FOUND, notFound.code(), notFound.both());
        assertTrue(notFound.err().contains("not found on PATH"), notFound.both());

        Launches.Result outside = Launches.run(p, tmp, "python3", "-c", "print('inline ran')");
        assertEquals("inline ran\n", outside.out(), "outside the service, inline code is allowed: " + outside.both());
        Path cgroup = Path.of("/sys/fs/cgroup/systemd/mx-launch-test.service");
        Files.createDirectories(cgroup);
        try {
            List<String> inService = List.of("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
            Launches.Result inside = Launches.exec(Launches.command(inService,
                    List.of("--policy", p.toString(), "--", "python3", "-c", "print('inline ran')")), tmp, Launches.ENV);
            assertEquals(Launcher.CANNOT_EXECUTE, inside.code(), inside.both());
            assertEquals("", inside.out());
            assertTrue(inside.err().contains("service-no-inline") && inside.err().contains("services/launch.yaml"),
                    inside.both());
        } finally {
            Files.deleteIfExists(cgroup); // rmdir: its processes have ended
        }
    }

    @Test
    void aSymlinkSwappedAfterTheCheck_neverChangesWhatRuns() throws Exception {
        Path good = script("good.sh", "#!/bin/sh\necho good\n");
        Path bad = script("bad.sh", "#!/bin/sh\necho bad\n");
        Path p = policy(ALLOW_ALL + """
                rules:
                  - id: never-bad
                    effect: deny
                    channels: [file]
                    when: {path: %s}
                """.formatted(bad));
        Path link = tmp.resolve("prog");
        Path next = tmp.resolve("prog.next");
        Files.createSymbolicLink(link, good);
        AtomicBoolean stop = new AtomicBoolean();
        long[] flips = new long[1];
        Thread flipper = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    Files.deleteIfExists(next);
                    Files.createSymbolicLink(next, flips[0] % 2 == 0 ? bad : good);
                    Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    flips[0]++;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int ran = 0;
        int denied = 0;
        try {
            for (int i = 0; i < 12; i++) {
                Launches.Result r = Launches.run(p, tmp, link.toString());
                assertFalse(r.out().contains("bad"), "a file that was denied ran: " + r.both());
                if (r.code() == 0) {
                    assertEquals("good\n", r.out(), r.both());
                    ran++;
                } else {
                    assertEquals(Launcher.CANNOT_EXECUTE, r.code(), r.both());
                    assertTrue(r.err().contains("never-bad"), "denied only as the file it checked: " + r.both());
                    denied++;
                }
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertTrue(flips[0] > 1000, "the link flipped " + flips[0] + " times");
        assertEquals(12, ran + denied);
    }
}
