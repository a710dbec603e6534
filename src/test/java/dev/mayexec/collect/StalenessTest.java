package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No answer from a stale fact: the same question twice, through one {@link Decider} and one
 * {@link LiveFacts} (so every cache is warm), with the fact changed in between by the real means —
 * setresuid, exec, a move to another cgroup, a rewrite, a chmod, a rename over the file, a remount
 * with noexec. The second answer must follow the change.
 */
class StalenessTest {
    @TempDir
    Path tmp;

    private Decider mx;
    private final LiveFacts live = LiveFacts.system();

    @BeforeEach
    void requireRoot() {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root) System.err.println("\n*** StalenessTest NOT RUN: it needs root (setresuid, cgroups, mounts) ***\n");
        Assumptions.assumeTrue(root, "needs root");
    }

    private void policy(String rules) throws Exception {
        mx = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: staleness
                kernel: {check: mount}
                defaults: {file: allow, module: allow, library: allow, config: allow, stdin: allow, inline: allow, interactive: allow, environment: allow}
                rules:
                """ + rules)));
    }

    private Decision.Outcome askInline(long pid) {
        return mx.decide(Request.of(Channel.INLINE, pid(pid), null), live).decision();
    }

    private Decision.Outcome askFile(Path file) {
        FileInfo f = new FileInfo(file.toString(), null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        return mx.decide(Request.of(Channel.FILE, pid(ProcessHandle.current().pid()), f), live).decision();
    }

    private static ProcessInfo pid(long pid) {
        return new ProcessInfo((int) pid, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A python3 child that runs each line it reads as a statement and answers "ok". */
    private record Child(Process process, OutputStream in, BufferedReader out) implements AutoCloseable {
        static Child start() throws Exception {
            Process p = new ProcessBuilder("/usr/bin/python3", "-I", "-u", "-c",
                    "import os, sys\nfor line in sys.stdin:\n    exec(line)\n    print('ok', flush=True)\n")
                    .redirectErrorStream(true).start();
            return new Child(p, p.getOutputStream(), new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)));
        }

        void run(String statement) throws Exception {
            in.write((statement + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (!statement.startsWith("os.exec")) assertEquals("ok", out.readLine(), statement);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void aProcessThatChangesItsUid_isJudgedWithItsNewUid() throws Exception {
        policy("""
                  - {id: not-2108, effect: deny, channels: [inline], when: {uid: 2108}}
                """);
        try (Child c = Child.start()) {
            c.run("pass");
            assertEquals(Decision.Outcome.ALLOW, askInline(c.process().pid()));
            c.run("os.setresgid(2108, 2108, 2108); os.setgroups([]); os.setresuid(2108, 2108, 2108)");
            assertEquals(Decision.Outcome.DENY, askInline(c.process().pid()), "asked again after setresuid");
        }
    }

    @Test
    void aProcessThatExecsAnotherProgram_isJudgedAsThatProgram() throws Exception {
        policy("""
                  - {id: no-sleep, effect: deny, channels: [inline], when: {exe: /usr/bin/sleep}}
                """);
        try (Child c = Child.start()) {
            c.run("pass");
            assertEquals(Decision.Outcome.ALLOW, askInline(c.process().pid()));
            c.run("os.execv('/usr/bin/sleep', ['sleep', '60'])");
            for (int i = 0; i < 200 && !"/usr/bin/sleep".equals(Kernel.readlink("/proc/" + c.process().pid() + "/exe")); i++) {
                Thread.sleep(10);
            }
            assertEquals(Decision.Outcome.DENY, askInline(c.process().pid()), "asked again after exec");
        }
    }

    @Test
    void aProcessMovedToAnotherCgroup_isJudgedInItsNewService() throws Exception {
        Path v1 = Path.of("/sys/fs/cgroup/systemd");
        Path v2 = Path.of("/sys/fs/cgroup/unified");
        Path hierarchy = Files.isWritable(v1.resolve("cgroup.procs")) ? v1 : Files.isDirectory(v2) ? v2 : null;
        if (hierarchy == null) System.err.println("\n*** StalenessTest cgroup case NOT RUN: no writable systemd cgroup hierarchy ***\n");
        Assumptions.assumeTrue(hierarchy != null, "needs a cgroup hierarchy mayexec reads services from");
        policy("""
                  - {id: not-in-stale, effect: deny, channels: [inline], when: {service: mx-stale.service}}
                """);
        Path group = hierarchy.resolve("mx-stale.service");
        Files.createDirectories(group);
        try (Child c = Child.start()) {
            c.run("pass");
            assertEquals(Decision.Outcome.ALLOW, askInline(c.process().pid()));
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(c.process().pid()));
            assertEquals(Decision.Outcome.DENY, askInline(c.process().pid()), "asked again after the move");
        } finally {
            Thread.sleep(50);
            Files.deleteIfExists(group);
        }
    }

    @Test
    void aRewrittenFile_isJudgedByItsNewContent() throws Exception {
        Path f = Files.writeString(tmp.resolve("pinned.py"), "print('pinned')\n");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        policy("""
                  - {id: only-pinned, effect: deny, channels: [file], unless: [{sha256: "%s"}]}
                """.formatted(sha));
        assertEquals(Decision.Outcome.ALLOW, askFile(f));
        Files.writeString(f, "print('other')\n"); // same size, rewritten in place
        assertEquals(Decision.Outcome.DENY, askFile(f), "asked again after the rewrite");
    }

    @Test
    void aChmodOrARenameOverTheFile_isSeen() throws Exception {
        policy("""
                  - {id: no-shared-code, effect: deny, channels: [file], when: {others-can-write: true}}
                  - {id: root-only, effect: deny, channels: [file], unless: [{file-uid: 0}]}
                """);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path f = Files.writeString(tmp.resolve("x.py"), "print(1)\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Decision.Outcome.ALLOW, askFile(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertEquals(Decision.Outcome.DENY, askFile(f), "asked again after chmod 0666");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Decision.Outcome.ALLOW, askFile(f));
        Path other = Files.writeString(tmp.resolve("other.py"), "print(2)\n");
        Files.setAttribute(other, "unix:uid", 2109);
        Files.move(other, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Decision.Outcome.DENY, askFile(f), "asked again after another user's file was renamed over it");
    }

    @Test
    void aMountRemountedNoexec_isSeen() throws Exception {
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        run("mount", "-t", "tmpfs", "-o", "mode=0755", "mx-stale", mnt.toString());
        try {
            policy("""
                      - {id: unrelated, effect: deny, channels: [inline], when: {uid: 2110}}
                    """);
            Path f = Files.writeString(mnt.resolve("x.py"), "print(1)\n");
            assertEquals(Decision.Outcome.ALLOW, askFile(f));
            run("mount", "-o", "remount,noexec", mnt.toString());
            assertEquals(Decision.Outcome.DENY, askFile(f), "asked again after the remount");
        } finally {
            run("umount", "-l", mnt.toString());
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor() == 0, String.join(" ", command));
    }
}
