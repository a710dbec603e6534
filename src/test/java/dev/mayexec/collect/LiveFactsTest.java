package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completing requests from real processes and files. */
class LiveFactsTest {
    @TempDir
    Path tmp;

    private static ProcessInfo pid(long pid) {
        return new ProcessInfo((int) pid, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void stdin_isWhatTheProcessHasOnFdZero() throws Exception {
        Path script = Files.writeString(tmp.resolve("in.sh"), "echo\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        Process fromFile = new ProcessBuilder("sleep", "30").redirectInput(script.toFile()).start();
        Process fromPipe = new ProcessBuilder("sleep", "30").start();
        try {
            LiveFacts live = LiveFacts.system();
            FileInfo f = live.complete(Request.of(Channel.STDIN, pid(fromFile.pid()), null), Set.of()).file();
            assertEquals(FileType.REGULAR, f.type());
            assertEquals(script.toRealPath().toString(), f.path());
            assertEquals("EACCES", f.kernelCheck(), "same credentials as this JVM: the kernel was asked, and 0644 fails");
            FileInfo p = live.complete(Request.of(Channel.STDIN, pid(fromPipe.pid()), null), Set.of()).file();
            assertEquals(FileType.FIFO, p.type());
            assertNull(p.path(), "a pipe has no path");
            assertEquals("EACCES", p.kernelCheck());
            ProcessInfo sleeper = live.complete(Request.of(Channel.STDIN, pid(fromPipe.pid()), null), Set.of("stdinTty")).process();
            assertEquals("/usr/bin/sleep", sleeper.exe());
            assertEquals(false, sleeper.stdinTty());
        } finally {
            fromFile.destroy();
            fromPipe.destroy();
        }
    }

    @Test
    void givenFacts_areKept() throws Exception {
        Path script = Files.writeString(tmp.resolve("x.sh"), "echo\n");
        ProcessInfo claimed = new ProcessInfo((int) ProcessHandle.current().pid(), null, null, null, "someone", null, null,
                null, null, null, null, null, null, null);
        FileInfo givenMode = new FileInfo(script.toString(), null, 0700, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
        Request r = LiveFacts.system().complete(Request.of(Channel.FILE, claimed, givenMode), Set.of());
        assertEquals("someone", r.process().user());
        assertEquals(0700, r.file().mode());
        assertEquals(FileType.REGULAR, r.file().type(), "and the rest is collected");
    }

    @Test
    void missingProcessOrFile_isAnError() {
        LiveFacts live = LiveFacts.system();
        assertThrows(LiveFactsException.class, () -> live.complete(Request.of(Channel.INLINE, pid(Integer.MAX_VALUE), null),
                Set.of()));
        FileInfo missing = new FileInfo(tmp.resolve("nope").toString(), null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        assertThrows(LiveFactsException.class, () -> live.complete(Request.of(Channel.FILE, ProcessInfo.UNKNOWN, missing),
                Set.of()));
    }
}
