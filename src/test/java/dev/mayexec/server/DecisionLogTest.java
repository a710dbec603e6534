package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: the decision log could be used against the host (658 MB in 10 s from one user; on a
 * full disk 142,000 error lines a minute and a truncated JSON line). Here: a real full disk (a
 * tmpfs with {@code size=}), a flood from one user, rotation by size, journald's and syslog's
 * protocols against sockets the test binds, and decisions that never wait whatever the target does.
 */
class DecisionLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DENY = "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}";
    private static final LogLimits UNLIMITED = new LogLimits(1_000_000, 1_000_000, 32L << 20, 2);

    @TempDir
    Path tmp;

    private static DecisionLog.Entry entry(int n, int uid) {
        return new DecisionLog.Entry(uid, true, "id-" + n, "sha256:x",
                "{\"n\":" + n + ",\"uid\":" + uid + ",\"pad\":\"" + "x".repeat(150) + "\"}");
    }

    // -- a full disk ----------------------------------------------------------------------------

    /** A tmpfs of 32 KiB mounted on {@code dir}; unmounted by the caller. */
    private static Path smallDisk(Path dir) throws Exception {
        RootOnly.assume(true, "DecisionLogTest (full disk)", "mount, for a small tmpfs");
        Files.createDirectories(dir);
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32k,mode=0755", "tmpfs", dir.toString())
                .inheritIO().start().waitFor());
        return dir;
    }

    private static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aFullDisk_leavesOnlyWholeLines_andIsReportedOnceAMinute() throws Exception {
        Path disk = smallDisk(tmp.resolve("disk"));
        try {
            Path file = disk.resolve("decisions.log");
            List<String> reports = new CopyOnWriteArrayList<>();
            DecisionLog log = new DecisionLog(new FileSink(file, UNLIMITED), file.toString(), UNLIMITED, 10_000, reports::add);
            for (int n = 0; n < 20; n++) log.offer(entry(n, 1000));
            waitFor(() -> log.written() == 20);
            for (int n = 20; n < 3000; n++) {
                log.offer(entry(n, 1000));
                if (n % 7 == 0) Thread.sleep(0, 100_000); // many small batches, so that some lines fit exactly at the end
            }
            log.close();
            assertEquals(3000, log.written() + log.failed() + log.dropped(), "every entry is written or counted");
            assertTrue(log.failed() > 0, "the disk was full");
            List<String> lines = Files.readAllLines(file);
            assertEquals(log.written(), lines.size(), "the file holds exactly the entries counted as written");
            for (String line : lines) assertEquals(150, JSON.readTree(line).get("pad").asText().length(), "a whole line: " + line);
            assertTrue(Files.readString(file).endsWith("\n"));
            assertEquals(1, reports.size(), "one report a minute at most: " + reports);
            assertTrue(reports.getFirst().contains("cannot write the decision log") && reports.getFirst().contains("lost"), reports.toString());
        } finally {
            unmount(disk);
        }
    }

    // -- a flood from one user ------------------------------------------------------------------

    @Test
    void aFloodFromOneUser_isRateLimited_andOthersAreStillLogged() throws Exception {
        RootOnly.assume(true, "DecisionLogTest (flood)", "setpriv to another user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = tmp.resolve("decisions.log");
        LogLimits limits = new LogLimits(10, 50, 32L << 20, 2);
        Path socket = tmp.resolve("mx.sock");
        long start = System.nanoTime();
        try (DecisionServer server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                DecisionServer.Options.defaults(socket).withLog(new LogTarget.File(file), limits))) {
            String flood = "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f=s.makefile('rwb'); "
                    + "n=0\nfor i in range(2000):\n f.write(sys.argv[2].encode()+b'\\n'); f.flush(); n += b'deny' in f.readline()\nprint(n)";
            Process p = new ProcessBuilder("setpriv", "--reuid=2015", "--regid=2015", "--clear-groups", "/usr/bin/python3", "-c",
                    flood, socket.toString(), DENY).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("2000", out, "every request of the flood is answered");
            try (DaemonClient c = DaemonClient.connect(socket)) {
                for (int i = 0; i < 5; i++) c.ask(DENY);
            }
            waitFor(() -> server.status().get("log").get("written").asLong() + server.status().get("log").get("rate_limited").asLong() == 2005);
            JsonNode log = server.status().get("log");
            assertTrue(log.get("rate_limited").asLong() > 0, log.toString());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Integer> byUid = new HashMap<>();
        for (String line : Files.readAllLines(file)) byUid.merge(JSON.readTree(line).get("peer").get("uid").asInt(), 1, Integer::sum);
        assertEquals(5, byUid.get(0), "root's entries are all logged: " + byUid);
        assertTrue(byUid.get(2015) <= 50 + 10 * seconds + 1, "the flooder gets its burst and rate only: " + byUid + " in " + seconds + " s");
    }

    // -- rotation by size -----------------------------------------------------------------------

    @Test
    void aFileIsRotatedBySize_keepingAFixedNumber() throws Exception {
        Path file = tmp.resolve("decisions.log");
        LogLimits limits = new LogLimits(1_000_000, 1_000_000, 4096, 2);
        DecisionLog log = new DecisionLog(new FileSink(file, limits), file.toString(), limits, 10_000, r -> {});
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 10; i++) log.offer(entry(round * 10 + i, 1000));
            long expected = round * 10L + 10;
            waitFor(() -> log.written() == expected);
        }
        log.close();
        assertFalse(Files.exists(tmp.resolve("decisions.log.3")), "only two rotated files are kept");
        List<Integer> seen = new ArrayList<>();
        for (Path p : List.of(tmp.resolve("decisions.log.2"), tmp.resolve("decisions.log.1"), file)) {
            assertTrue(Files.size(p) <= 4096, p + " is " + Files.size(p) + " bytes");
            for (String line : Files.readAllLines(p)) seen.add(JSON.readTree(line).get("n").asInt());
        }
        for (int i = 1; i < seen.size(); i++) assertEquals(seen.get(i - 1) + 1, seen.get(i), "oldest first, none missing: " + seen);
        assertEquals(199, seen.getLast());
    }

    // -- journald and syslog --------------------------------------------------------------------

    @Test
    void toJournald_anEntryIsOneDatagramOfFields() throws Exception {
        Received r = oneDenyLoggedTo(LogTarget.Journal::new);
        Map<String, String> fields = journalFields(r.datagram());
        assertEquals("4", fields.get("PRIORITY"), fields.toString());
        assertEquals("mayexec", fields.get("SYSLOG_IDENTIFIER"));
        assertEquals("deny", fields.get("MAYEXEC_DECISION"));
        JsonNode message = JSON.readTree(fields.get("MESSAGE"));
        assertEquals(fields.get("MAYEXEC_DECISION_ID"), message.get("id").asText());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), message.get("host").asText());
        assertEquals(r.policy(), fields.get("MAYEXEC_POLICY"));
        // the facts the decision was made on, as collected: this JVM is the caller
        assertEquals(ProcessHandle.current().pid(), message.get("facts").get("process").get("pid").asLong(), message.toString());
        assertTrue(message.get("facts").get("process").get("uid").isInt(), message.toString());
        assertEquals("inline", message.get("request").get("channel").asText());
    }

    @Test
    void toSyslog_anEntryIsWhatGlibcSends() throws Exception {
        String message = new String(oneDenyLoggedTo(LogTarget.Syslog::new).datagram(), StandardCharsets.UTF_8);
        // authpriv.warning = 10 * 8 + 4
        assertTrue(message.matches("<84>[A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} mayexec\\[[0-9]+\\]: \\{.*}"), message);
        JsonNode entry = JSON.readTree(message.substring(message.indexOf(": {") + 2));
        assertEquals("deny", entry.get("decision").asText());
        assertTrue(entry.get("id").asText().matches("[0-9a-f]{16}-1"), entry.toString());
    }

    @Test
    void toJournald_aValueWithANewline_cannotAddAField() throws Exception {
        Path sock = tmp.resolve("journal.sock");
        Process receiver = receiver(sock, "read");
        try (BufferedReader in = reader(receiver)) {
            DecisionLog log = new DecisionLog(DatagramSink.journal(sock), "journal", UNLIMITED, 10, r -> {});
            log.offer(new DecisionLog.Entry(1000, true, "id-1", "sha256:x", "{}\nMAYEXEC_DECISION=allow\nPRIORITY=7"));
            Map<String, String> fields = journalFields(HexFormat.of().parseHex(in.readLine()));
            log.close();
            assertEquals("{}\nMAYEXEC_DECISION=allow\nPRIORITY=7", fields.get("MESSAGE"), "sent in the binary form");
            assertEquals("deny", fields.get("MAYEXEC_DECISION"));
            assertEquals("4", fields.get("PRIORITY"));
        } finally {
            receiver.destroyForcibly().waitFor();
        }
    }

    record Received(byte[] datagram, String policy) {}

    /** Starts a daemon logging to a receiver the test binds, asks one deny, and returns the datagram it logged. */
    private Received oneDenyLoggedTo(Function<Path, LogTarget> target) throws Exception {
        Path sock = tmp.resolve("log.sock");
        Process receiver = receiver(sock, "read");
        try (BufferedReader in = reader(receiver);
             DecisionServer server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                     DecisionServer.Options.defaults(tmp.resolve("mx.sock")).withLog(target.apply(sock), LogLimits.DEFAULT));
             DaemonClient c = DaemonClient.connect(tmp.resolve("mx.sock"))) {
            assertEquals("deny", JSON.readTree(c.ask(DENY)).get("decision").asText());
            return new Received(HexFormat.of().parseHex(in.readLine()), server.status().get("policy").asText());
        } finally {
            receiver.destroyForcibly().waitFor();
        }
    }

    // -- decisions never wait -------------------------------------------------------------------

    /**
     * Whatever the target does, 4 clients × 500 requests are all answered, none slower than a
     * generous 5 s: a full disk, a stalled journald, no journald, and a file rotated by size every
     * few entries while logrotate-like moves take it away.
     */
    @ParameterizedTest
    @ValueSource(strings = {"full-disk", "stalled-journald", "no-journald", "rotation"})
    void decisionsNeverWait_forTheTarget(String state) throws Exception {
        Path disk = state.equals("full-disk") ? smallDisk(tmp.resolve("disk")) : null;
        Process receiver = state.equals("stalled-journald") ? receiver(tmp.resolve("journal.sock"), "stall") : null;
        Path file = (disk != null ? disk : tmp).resolve("decisions.log");
        LogTarget target = disk != null || state.equals("rotation") ? new LogTarget.File(file) : new LogTarget.Journal(tmp.resolve("journal.sock"));
        LogLimits limits = state.equals("rotation") ? new LogLimits(1_000_000, 1_000_000, 4096, 2) : UNLIMITED;
        Path socket = tmp.resolve("mx.sock");
        try (DecisionServer server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")), LiveFacts.system(),
                new DecisionServer.Options(socket, null, true, 16, Duration.ofSeconds(30), 65536).withLog(target, limits))) {
            List<Thread> clients = new ArrayList<>();
            List<String> problems = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    try (DaemonClient c = DaemonClient.connect(socket)) {
                        for (int i = 0; i < 500; i++) {
                            long start = System.nanoTime();
                            String a = c.ask(i % 2 == 0 ? DENY : "{\"channel\":\"file\"}");
                            if (a == null || !a.contains("\"decision\"")) problems.add("answer " + i + ": " + a);
                            if (System.nanoTime() - start > 5_000_000_000L) problems.add("request " + i + " waited more than 5 s");
                        }
                    } catch (IOException e) {
                        problems.add(e.toString());
                    }
                }));
            }
            int moved = 0;
            while (clients.stream().anyMatch(Thread::isAlive)) {
                if (state.equals("rotation")) {
                    try {
                        Files.move(file, tmp.resolve("moved-" + moved++));
                    } catch (java.nio.file.NoSuchFileException rotatedOrNotYetMade) {
                        // the daemon moved it first, or has not made the next one yet
                    }
                }
                Thread.sleep(20);
            }
            for (Thread t : clients) t.join(120_000);
            assertEquals(List.of(), problems);
            assertEquals(2000, server.status().get("decisions").asLong());
            if (state.equals("rotation")) {
                waitFor(() -> server.status().get("log").get("written").asLong() == 2000, () -> server.status().toString());
                assertTrue(Files.exists(tmp.resolve("decisions.log.1")), "rotated by size too");
            } else {
                waitFor(() -> server.status().get("log").get("failed").asLong() > 0);
            }
        } finally {
            if (receiver != null) receiver.destroyForcibly().waitFor();
            if (disk != null) unmount(disk);
        }
    }

    // -- helpers --------------------------------------------------------------------------------

    private static Process receiver(Path socket, String mode) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-I", Path.of("src/test/resources/attack/dgram_sink.py").toAbsolutePath().toString(),
                socket.toString(), mode).redirectErrorStream(true).start();
        assertEquals("ready", new String(p.getInputStream().readNBytes(6), StandardCharsets.UTF_8).strip());
        return p;
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Parses journald's native protocol: {@code KEY=value\n}, or {@code KEY\n}, a little-endian 64-bit length, the value, {@code \n}. */
    static Map<String, String> journalFields(byte[] datagram) {
        Map<String, String> fields = new HashMap<>();
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int start = b.position();
            int end = start;
            while (datagram[end] != '\n' && datagram[end] != '=') end++;
            String key = new String(datagram, start, end - start, StandardCharsets.US_ASCII);
            assertTrue(key.matches("[A-Z0-9][A-Z0-9_]*"), "a journal field name: " + key);
            if (datagram[end] == '=') {
                int nl = end + 1;
                while (datagram[nl] != '\n') nl++;
                fields.put(key, new String(datagram, end + 1, nl - end - 1, StandardCharsets.UTF_8));
                b.position(nl + 1);
            } else {
                b.position(end + 1);
                int len = (int) b.getLong();
                fields.put(key, new String(datagram, b.position(), len, StandardCharsets.UTF_8));
                b.position(b.position() + len);
                assertEquals('\n', b.get());
            }
        }
        return fields;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, () -> "");
    }

    private static void waitFor(BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) Thread.sleep(50);
        assertTrue(condition.getAsBoolean(), () -> "condition not reached in 30 s " + state.get());
    }
}
