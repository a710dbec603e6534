package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM calls against the real kernel (6.14+ here), on ordinary files. */
class KernelTest {
    @TempDir
    Path tmp;

    @Test
    void checkExec_followsTheModeAndTheFileType() throws Exception {
        Path exec = Files.writeString(tmp.resolve("exec.sh"), "echo hi\n");
        Files.setPosixFilePermissions(exec, PosixFilePermissions.fromString("rwx------"));
        Path plain = Files.writeString(tmp.resolve("plain.sh"), "echo hi\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-------"));
        assertEquals("allow", Kernel.checkExec(exec));
        assertEquals("EACCES", Kernel.checkExec(plain), "no x bit anywhere: even root is refused");
        assertEquals("EACCES", Kernel.checkExec(tmp), "a directory is not a regular file");
        assertEquals("ENOENT", Kernel.checkExec(tmp.resolve("missing")));
        Path empty = Files.createFile(tmp.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("allow", Kernel.checkExec(empty), "the format is never parsed: no ENOEXEC");
    }

    @Test
    void checkExec_refusesAFileOpenForWriting() throws Exception {
        Path f = Files.writeString(tmp.resolve("busy.sh"), "echo\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var out = Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)) {
            assertEquals("ETXTBSY", Kernel.checkExec(f));
        }
        assertEquals("allow", Kernel.checkExec(f));
    }

    @Test
    void securebits_areReadable() {
        int bits = Kernel.securebits();
        assertTrue(bits >= 0 && bits <= 0xfff, "securebits " + bits);
    }

    @Test
    void xattr_absentIsEmpty() throws Exception {
        Path f = Files.writeString(tmp.resolve("x"), "x");
        assertTrue(Kernel.xattr(f, "security.ima").isEmpty());
    }
}
