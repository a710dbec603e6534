package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 11, finding 3: policy files and directories that were symbolic links out of the policy
 * directory were read, and their lines printed in diagnostics (text, JSON and SARIF), so a pull
 * request could make CI print {@code /etc/shadow}. Such links, and special files, are refused where
 * they stand; source lines are shown only from files accepted as policy.
 */
class PolicySymlinkTest {
    private static final String SECRET = "SECRET-4711";
    private static final String POLICY = "name: t\ndefaults: {file: allow, module: allow, library: allow, config: allow,"
            + " stdin: allow, inline: allow, interactive: allow, environment: allow}\n";

    @TempDir
    Path tmp;

    private Path outside;

    @BeforeEach
    void secrets() throws Exception {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("shadow"), "root:" + SECRET + ":19000:0:99999:7:::\nx: " + SECRET + "\n");
        Files.createDirectories(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/web.yaml"), "service: web.service\nrules: {" + SECRET + ": 1}\n");
    }

    private Path policy(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        Files.createDirectories(dir.resolve("users"));
        return dir;
    }

    /** Runs every command that reads the policy, in every format; returns all they printed. */
    private List<CliTest.Run> everyOutput(Path dir) {
        List<CliTest.Run> runs = new ArrayList<>();
        for (String format : List.of("text", "json", "sarif")) {
            runs.add(CliTest.run("lint", "--policy", dir.toString(), "--format", format));
        }
        runs.add(CliTest.run("compile", "--policy", dir.toString()));
        runs.add(CliTest.run("test", "--policy", dir.toString(), dir.resolve("policy.yaml").toString()));
        runs.add(CliTest.run("classify", "--policy", dir.toString(), "--", "python3", "x.py"));
        return runs;
    }

    private void assertRefusedWithoutEcho(Path dir, String where, String code) {
        for (CliTest.Run run : everyOutput(dir)) {
            assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "the secret leaks:\n" + run.out() + run.err());
            assertEquals(3, run.code(), run.out() + run.err());
        }
        CliTest.Run text = CliTest.run("lint", "--policy", dir.toString());
        assertTrue(text.out().contains(dir.resolve(where) + ": error[" + code + "]"), text.out());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"users/evil.yaml, shadow", "policy.yaml, shadow", "services, dir"})
    void aLinkOutOfTheDirectory_isRefused_andNeverEchoed(String link, String target) throws Exception {
        Path dir = policy(link.replaceAll("\\W", "-"));
        Files.deleteIfExists(dir.resolve(link));
        Files.createSymbolicLink(dir.resolve(link), outside.resolve(target));
        assertRefusedWithoutEcho(dir, link, "mx.load.symlink");
    }

    @Test
    void aLinkInsideTheDirectory_isRead() throws Exception {
        Path dir = policy("inner-link");
        Files.writeString(dir.resolve("users/alice.yaml"), "user: alice\n");
        Files.createSymbolicLink(dir.resolve("users/al.yaml"), dir.resolve("users/alice.yaml"));
        CliTest.Run run = CliTest.run("compile", "--policy", dir.toString());
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void aFifo_isRefused_withoutWaitingForAWriter() throws Exception {
        Path dir = policy("fifo");
        Path fifo = dir.resolve("users/pipe.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliTest.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliTest.run("lint", "--policy", dir.toString()));
        assertEquals(3, run.code());
        assertTrue(run.out().contains(fifo + ": error[mx.load.special-file]: `users/pipe.yaml` is a fifo, not a regular file"),
                run.out());
    }
}
