package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dist/logrotate/mayexec}: logrotate accepts it, and the daemon goes on in a new file after it ran. */
class DistLogrotateTest {
    private static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");
    private static final Path CONFIG = Path.of("dist/logrotate/mayexec");

    @TempDir
    Path tmp;

    @Test
    void logrotate_acceptsTheShippedFile_andTheLogGoesOnInANewFile() throws Exception {
        RootOnly.assume(Files.isExecutable(LOGROTATE), "DistLogrotateTest", "logrotate (apt-get install logrotate)");
        Run debug = run(LOGROTATE.toString(), "-d", "-s", tmp.resolve("state-d").toString(), CONFIG.toString());
        assertEquals(0, debug.code(), debug.out());
        assertTrue(!debug.out().contains("error"), debug.out());

        Path file = tmp.resolve("decisions.log");
        Path config = tmp.resolve("mayexec.conf");
        Files.writeString(config, Files.readString(CONFIG).replace("/var/log/mayexec/decisions.log", file.toString()));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        LogLimits limits = LogLimits.DEFAULT;
        DecisionLog log = new DecisionLog(new FileSink(file, limits), file.toString(), limits, 100, r -> {});
        try {
            log.offer(new DecisionLog.Entry(0, true, "a", "p", "{\"n\":1}"));
            waitFor(log, 1);
            Run forced = run(LOGROTATE.toString(), "-f", "-s", tmp.resolve("state").toString(), config.toString());
            assertEquals(0, forced.code(), forced.out());
            log.offer(new DecisionLog.Entry(0, true, "b", "p", "{\"n\":2}"));
            waitFor(log, 2);
        } finally {
            log.close();
        }
        List<Path> rotated;
        try (Stream<Path> s = Files.list(tmp)) {
            rotated = s.filter(p -> p.getFileName().toString().matches("decisions\\.log-[0-9]{8}-[0-9]+")).toList();
        }
        assertEquals(1, rotated.size(), "rotated with the date: " + rotated);
        assertEquals("{\"n\":1}\n", Files.readString(rotated.getFirst()));
        assertEquals("{\"n\":2}\n", Files.readString(file), "the daemon opened a new file; no postrotate needed");
    }

    private static void waitFor(DecisionLog log, long written) throws InterruptedException {
        for (int i = 0; i < 200 && log.written() < written; i++) Thread.sleep(50);
        assertEquals(written, log.written());
    }

    record Run(int code, String out) {}

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }
}
