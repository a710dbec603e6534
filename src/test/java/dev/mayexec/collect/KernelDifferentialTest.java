package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kernel model is held to the real kernel: tmpfs mounts with and without {@code noexec} and a
 * {@code noexec} bind mount of an exec mount, files of many modes and owners, a directory, a fifo
 * and symlinks across mounts, each checked with {@code AT_EXECVE_CHECK} and by the model, as root,
 * as root without capabilities, and as three unprivileged users (one created with {@code useradd},
 * one with a supplementary group). Needs root (CI runs as root); without it the test is skipped with
 * a loud message, never passed.
 */
class KernelDifferentialTest {
    private static final String USER = "mx-differential";

    @Test
    void kernelModel_agreesWithTheRealKernel() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root) {
            System.err.println("\n*** KernelDifferentialTest NOT RUN: it needs root (mounts, chown, setpriv) ***\n");
        }
        Assumptions.assumeTrue(root, "needs root: mounts tmpfs, chowns files and switches users with setpriv");
        ensureUser();
        int uidA = Integer.parseInt(output("id", "-u", USER).strip());
        Path work = Files.createTempDirectory("mx-differential");
        try {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path cp = readableClassPath(work.resolve("cp"));
            Path mounts = Files.createDirectory(work.resolve("m"));
            Files.setPosixFilePermissions(mounts, PosixFilePermissions.fromString("rwxr-xr-x"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> javaCmd = List.of(java, "-cp", cp + "/*:" + cp + "/classes:" + cp + "/test-classes",
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    KernelDifferential.class.getName());
            // one shell in a private mount namespace: set up, then check under every identity, then the mounts vanish
            Path list = work.resolve("paths.txt");
            String j = String.join(" ", javaCmd);
            String script = "set -e\n"
                    + j + " setup " + mounts + " " + uidA + " > " + list + "\n"
                    + "chmod 0644 " + list + "\n"
                    + "echo '## root'; " + j + " check " + list + "\n"
                    + "echo '## root without capabilities'; setpriv --reuid=0 --regid=0 --clear-groups --inh-caps=-all"
                    + " --bounding-set=-all --securebits=+noroot,+noroot_locked,+no_setuid_fixup " + j + " check " + list + "\n"
                    + "echo '## " + USER + "'; setpriv --reuid=" + USER + " --regid=" + USER + " --init-groups " + j
                    + " check " + list + "\n"
                    + "echo '## 2002 in group 2003'; setpriv --reuid=2002 --regid=2002 --groups=2003 " + j + " check " + list + "\n"
                    + "echo '## 2005'; setpriv --reuid=2005 --regid=2005 --clear-groups " + j + " check " + list + "\n";
            String out = output("unshare", "-m", "--propagation", "private", "bash", "-c", script);
            Map<String, Integer> perIdentity = new LinkedHashMap<>();
            List<String> mismatches = new ArrayList<>();
            String identity = "?";
            int compared = 0;
            for (String line : out.split("\n")) {
                if (line.startsWith("## ")) {
                    identity = line.substring(3);
                    continue;
                }
                if (line.startsWith("# identity")) System.out.println("kernel differential: " + identity + ": " + line.substring(2));
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split("\t");
                String kernel = f[1].equals("allow") ? "allow" : "deny";
                if (!kernel.equals(f[2])) mismatches.add(identity + ": " + f[0] + " kernel " + f[1] + ", model " + f[2]);
                perIdentity.merge(identity, 1, Integer::sum);
                compared++;
            }
            System.out.println("kernel differential: compared " + compared + " cases " + perIdentity
                    + ", " + mismatches.size() + " mismatches");
            assertEquals(5, perIdentity.size(), "every identity ran:\n" + out);
            assertTrue(compared >= 5 * 170, "compared " + compared);
            assertTrue(out.contains("\tallow\tallow") && out.contains("\tEACCES\tdeny"), "both verdicts occur");
            assertTrue(out.contains("uid=0 gid=0 groups=[] caps=[]"), "root without capabilities really has none:\n" + out);
            assertEquals(List.of(), mismatches);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void ensureUser() throws Exception {
        if (new ProcessBuilder("id", USER).start().waitFor() != 0) {
            output("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
        }
    }

    /** Copies the test class path where the unprivileged identities can read it (~/.m2 is root's). */
    private static Path readableClassPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path target = dir.resolve(p.getFileName().toString().equals("classes") ? "classes" : "test-classes");
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path q : s.toList()) {
                        Path t = target.resolve(p.relativize(q).toString());
                        if (Files.isDirectory(q)) Files.createDirectories(t);
                        else Files.copy(q, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else if (entry.endsWith(".jar")) {
                Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.toList()) {
                Files.setPosixFilePermissions(q, PosixFilePermissions.fromString(Files.isDirectory(q) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir;
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command).lines().findFirst().orElse("") + " failed:\n" + out);
        }
        return out;
    }
}
