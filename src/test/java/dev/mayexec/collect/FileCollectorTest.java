package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File facts on real files (the writability checks chown, so they need root, as CI has). */
class FileCollectorTest {
    private static final FileCollector.Wanted ALL = FileCollector.Wanted.ALL;

    @TempDir
    Path tmp;

    private static boolean root() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    @Test
    void collect_resolvesSymlinks_andReadsTheIdentity() throws Exception {
        Path real = Files.writeString(tmp.resolve("real.sh"), "echo 1\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-x---"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.sh"), real);
        FileInfo f = new FileCollector(SystemRoot.live()).collect(null, link.toString(), ALL);
        assertEquals(real.toRealPath().toString(), f.path(), "the canonical path, as the kernel resolves it");
        assertEquals(FileType.REGULAR, f.type());
        assertEquals(0750, f.mode());
        assertEquals(7L, f.size());
        assertEquals("allow", f.kernelCheck(), "the owner class has x");
        String sha = new String(new ProcessBuilder("sha256sum", real.toString()).start().getInputStream().readAllBytes());
        assertEquals(sha.substring(0, 64), f.sha256());
        assertFalse(f.packageTrusted(), "no package ships a temp file");
        assertTrue(f.mount() != null && f.mount().point() != null);
    }

    @Test
    void sha256_isOnlyComputedWhenWanted_andFollowsChanges() throws Exception {
        Path f = Files.writeString(tmp.resolve("s.py"), "print(1)\n");
        FileCollector c = new FileCollector(SystemRoot.live());
        assertNull(c.collect(null, f.toString(), FileCollector.Wanted.of(java.util.Set.of(), false)).sha256());
        String first = c.collect(null, f.toString(), ALL).sha256();
        Files.writeString(f, "print(2)\n");
        assertNotEquals(first, c.collect(null, f.toString(), ALL).sha256(), "a changed file is a new identity, not a cached digest");
    }

    @Test
    void othersCanWrite_fileAndDirectoriesAbove() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(root(), "needs root to chown");
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path f = Files.writeString(dir.resolve("x.sh"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(FileCollector.othersCanWrite(f.toRealPath().toString(), 0), "root's file in root's directories");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(FileCollector.othersCanWrite(f.toRealPath().toString(), 0), "world-writable file");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(FileCollector.othersCanWrite(f.toRealPath().toString(), 0), "anyone can replace it in a world-writable directory");
        new ProcessBuilder("chmod", "1777", dir.toString()).start().waitFor();
        assertFalse(FileCollector.othersCanWrite(f.toRealPath().toString(), 0), "a sticky directory protects others' entries");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        new ProcessBuilder("chown", "1234", dir.toString()).start().waitFor();
        assertTrue(FileCollector.othersCanWrite(f.toRealPath().toString(), 0), "a directory owned by another user");
        assertFalse(FileCollector.othersCanWrite(f.toRealPath().toString(), 1234), "... unless that user owns the file too");
    }

    @Test
    void packageTrust_ofAShippedFile() throws Exception {
        Path sh = Path.of("/usr/bin/dash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(sh) && Files.isDirectory(Path.of("/var/lib/dpkg/info")),
                "needs a Debian system");
        assertTrue(new FileCollector(SystemRoot.live()).collect(null, "/bin/sh", ALL).packageTrusted(),
                "dash is shipped by a package and unmodified");
    }
}
