package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Securebit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process facts from a fake /proc tree (no live system needed), and once from the real one. */
class ProcessCollectorTest {
    @TempDir
    Path root;

    private SystemRoot fake(String status, String cgroup) throws IOException {
        Path pid = Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(pid.resolve("status"), status);
        Files.writeString(pid.resolve("cgroup"), cgroup);
        Files.createSymbolicLink(pid.resolve("exe"), Path.of("/usr/bin/python3.11"));
        Path parent = Files.createDirectories(root.resolve("proc/1"));
        Files.createSymbolicLink(parent.resolve("exe"), Path.of("/usr/lib/systemd/systemd"));
        Path fd = Files.createDirectories(pid.resolve("fd"));
        Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/pts/3"));
        Path fdinfo = Files.createDirectories(pid.resolve("fdinfo"));
        Files.writeString(fdinfo.resolve("0"), "pos:\t0\nflags:\t0100002\n");
        Files.writeString(fdinfo.resolve("3"), "pos:\t0\nflags:\t02100000\n"); // close-on-exec
        Files.writeString(fdinfo.resolve("7"), "pos:\t0\nflags:\t0100002\n"); // inherited
        Files.createDirectories(pid.resolve("attr"));
        Files.writeString(pid.resolve("attr/current"), "system_u:system_r:httpd_t:s0\0");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        return new SystemRoot(root.resolve("proc"), root.resolve("etc"), root.resolve("dpkg"));
    }

    private static final String STATUS = """
            Name:\tpython3
            PPid:\t1
            Uid:\t1001\t1000\t1000\t1000
            Gid:\t1001\t1000\t1000\t1000
            Groups:\t27 100\s
            CapEff:\t0000000000000003
            NoNewPrivs:\t1
            """;

    @Test
    void collect_readsEveryFact() throws IOException {
        ProcessInfo p = new ProcessCollector(fake(STATUS, "0::/system.slice/nginx.service\n")).collect(4242);
        assertEquals(1000, p.uid(), "the effective uid, which the kernel's check uses");
        assertEquals(1000, p.gid());
        assertEquals(List.of(27, 100), p.groups());
        assertEquals("alice", p.user());
        assertEquals("nginx.service", p.service());
        assertEquals("/usr/bin/python3.11", p.exe());
        assertEquals("/usr/lib/systemd/systemd", p.parentExe());
        assertEquals(Set.of("chown", "dac_override"), p.capabilities());
        assertEquals(true, p.noNewPrivs());
        assertEquals("system_u:system_r:httpd_t:s0", p.lsmLabel());
        assertEquals(true, p.stdinTty());
        assertEquals(List.of(7), p.inheritedFds());
        assertNull(p.securebits(), "another process's securebits are not in /proc");
    }

    @Test
    void service_fromCgroupV1AndV2() throws IOException {
        Path f = root.resolve("cgroup");
        Files.writeString(f, "1:name=systemd:/system.slice/cron.service\n0::/\n");
        assertEquals("cron.service", ProcessCollector.service(f), "v1, the unified line being the root");
        Files.writeString(f, "0::/user.slice/user-1000.slice/user@1000.service/app.slice/backup.service\n");
        assertEquals("backup.service", ProcessCollector.service(f), "the innermost unit");
        Files.writeString(f, "0::/system.slice/nginx.service/init.scope\n");
        assertEquals("nginx.service", ProcessCollector.service(f));
        Files.writeString(f, "0::/user.slice/user-1000.slice/session-4.scope\n");
        assertNull(ProcessCollector.service(f), "a login session is no service");
    }

    @Test
    void noSuchProcess_isReported() throws IOException {
        SystemRoot r = fake(STATUS, "0::/\n");
        assertThrows(NoSuchFileException.class, () -> new ProcessCollector(r).collect(999));
    }

    @Test
    void securebits_decodeTheLockedForms() {
        assertEquals(Set.of(Securebit.EXEC_RESTRICT_FILE, Securebit.EXEC_RESTRICT_FILE_LOCKED,
                Securebit.EXEC_DENY_INTERACTIVE), ProcessCollector.securebits(0x700));
    }

    @Test
    void live_thisJvm() throws IOException {
        ProcessInfo self = new ProcessCollector(SystemRoot.live()).collect((int) ProcessHandle.current().pid());
        assertTrue(self.exe().endsWith("/bin/java"), self.exe());
        assertNotNull(self.securebits(), "this process's own securebits come from prctl");
        assertEquals(new com.sun.security.auth.module.UnixSystem().getUid(), (long) self.uid());
    }
}
