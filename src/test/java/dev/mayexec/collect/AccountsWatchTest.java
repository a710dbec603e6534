package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch on passwd, on a real directory with real inotify: a change of passwd is told, others are not. */
class AccountsWatchTest {
    @TempDir
    Path etc;

    @Test
    void passwdWrittenOrReplaced_isTold_otherFilesAreNot() throws Exception {
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Semaphore told = new Semaphore(0);
        try (AccountsWatch watch = AccountsWatch.start(etc, told::release)) {
            Files.writeString(etc.resolve("group"), "root:x:0:\n");
            Files.writeString(etc.resolve("passwd-"), "backup\n");
            assertTrue(!told.tryAcquire(700, TimeUnit.MILLISECONDS), "group and passwd- are not passwd");

            Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
            assertTrue(told.tryAcquire(5, TimeUnit.SECONDS), "passwd written in place");
            told.drainPermits();

            Path next = Files.writeString(etc.resolve("passwd.new"), "root:x:0:0::/root:/bin/sh\n");
            Files.move(next, etc.resolve("passwd"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(told.tryAcquire(5, TimeUnit.SECONDS), "passwd replaced by a rename (useradd, vipw)");
        }
    }

    @Test
    void lostEvents_countAsAChange() {
        byte[] overflow = new byte[16];
        java.nio.ByteBuffer.wrap(overflow).order(java.nio.ByteOrder.nativeOrder()).putInt(-1).putInt(0x4000).putInt(0).putInt(0);
        assertTrue(AccountsWatch.aboutPasswd(overflow));
        byte[] other = new byte[32];
        java.nio.ByteBuffer.wrap(other).order(java.nio.ByteOrder.nativeOrder()).putInt(1).putInt(0x8).putInt(0).putInt(16)
                .put("group".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(false, AccountsWatch.aboutPasswd(other));
    }
}
