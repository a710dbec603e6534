package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.TestPolicies;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, findings 4 and 5: {@code mayexec decide} split lines at a raw CR too, so one line
 * holding {@code \r} got two answers and a caller pairing line N with answer N read a deny as an
 * allow; and a line of gigabytes was buffered whole until the JVM died. Lines end at {@code \n} only
 * (a CR before it is dropped), every line that is not blank gets exactly one answer, in order, and a
 * line longer than 64 KiB gets one deny and is skipped without being kept.
 */
class DecideStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED = "{\"channel\":\"file\",\"file\":{\"path\":\"/srv/ok.py\"}}";
    private static final String DENIED = "{\"channel\":\"file\",\"file\":{\"path\":\"/tmp/evil.py\"}}";

    @TempDir
    Path tmp;

    private Path policy() {
        return TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n"
                + "rules:\n  - {id: no-tmp, effect: deny, channels: all, when: {path: {under: /tmp}}}\n"));
    }

    private List<JsonNode> decide(byte[] stream) throws Exception {
        Path requests = tmp.resolve("requests");
        Files.write(requests, stream);
        CliTest.Run run = CliTest.run("decide", "--policy", policy().toString(), "--request", requests.toString());
        assertTrue(run.code() == 0 || run.code() == 4, run.err());
        return run.jsonLines();
    }

    private static String outcome(JsonNode answer) {
        String code = answer.at("/reasons/0/code").asText();
        return answer.get("decision").asText() + (code.equals("request.invalid") ? " invalid" : "");
    }

    @Test
    void everyLine_getsExactlyOneAnswer_inOrder() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        List<String> want = new ArrayList<>();
        in.writeBytes((ALLOWED + "\n").getBytes(StandardCharsets.UTF_8));
        want.add("allow");
        // the attack: an allowed request, a raw CR, a denied one; read as two lines, the deny answered the next line
        in.writeBytes(("{\"channel\":\"inline\"}\r" + DENIED + "\n").getBytes(StandardCharsets.UTF_8));
        want.add("deny invalid");
        in.writeBytes((DENIED + "\n").getBytes(StandardCharsets.UTF_8));
        want.add("deny");
        in.writeBytes((ALLOWED + "\r\n").getBytes(StandardCharsets.UTF_8));
        want.add("allow");
        in.writeBytes("{\"channel\":\"file\",\"file\":{\"path\":\"/srv/a\u2028b\"}}\n".getBytes(StandardCharsets.UTF_8));
        want.add("allow");
        in.writeBytes("{\"channel\":\"file\",\u0000\"file\":{}}\n".getBytes(StandardCharsets.UTF_8));
        want.add("deny invalid");
        in.writeBytes(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
        want.add("deny invalid");
        in.writeBytes("{\"channel\":\"inline\",\"file\":{\"path\":\"/tmp/x\"},\"channel\":\"file\"}\n".getBytes(StandardCharsets.UTF_8));
        want.add("deny invalid");
        in.writeBytes(("{\"channel\":\"file\",\"file\":{\"path\":\"/srv/" + "a".repeat(3 << 20) + "\"}}\n").getBytes(StandardCharsets.UTF_8));
        want.add("deny invalid");
        in.writeBytes("   \t\n\n".getBytes(StandardCharsets.UTF_8)); // blank: no answer, as the daemon
        in.writeBytes(DENIED.getBytes(StandardCharsets.UTF_8)); // the last line needs no newline
        want.add("deny");
        List<JsonNode> answers = decide(in.toByteArray());
        assertEquals(want, answers.stream().map(DecideStreamTest::outcome).toList(), answers.toString());
        assertTrue(answers.get(1).at("/reasons/0/message").asText().startsWith("line 2: invalid JSON"), answers.get(1).toString());
        assertEquals("line 7: request is not valid UTF-8", answers.get(6).at("/reasons/0/message").asText());
        assertTrue(answers.get(7).at("/reasons/0/message").asText().contains("Duplicate field 'channel'"),
                answers.get(7).toString());
        assertEquals("line 9: request longer than 65536 bytes; skipped", answers.get(8).at("/reasons/0/message").asText());
    }

    /**
     * Answers are flushed when the input has nothing more waiting, not after every line: a caller
     * that writes one request and waits for its answer before the next gets each one at once.
     */
    @Test
    void anInteractiveCaller_getsEachAnswerBeforeItsNextQuestion() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.mayexec.cli.Main", "decide", "--policy", policy().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream out = p.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String request : List.of(ALLOWED, DENIED, ALLOWED)) {
                out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush(); // the stream stays open: the answer must come before any more input
                String answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readLine();
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }).get(60, TimeUnit.SECONDS);
                assertEquals(request.equals(ALLOWED) ? "allow" : "deny", outcome(JSON.readTree(answer)));
            }
        } finally {
            p.destroy();
        }
    }

    /** A line far beyond the bound, in a JVM whose heap it would not fit in: one deny, and the stream goes on. */
    @Test
    void aHugeLine_isNotBuffered() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.mayexec.cli.Main", "decide", "--policy", policy().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream out = p.getOutputStream()) {
                out.write((ALLOWED + "\n").getBytes(StandardCharsets.UTF_8));
                byte[] chunk = new byte[1 << 20];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < 256; i++) out.write(chunk); // 256 MiB, no newline
                out.write(("\n" + DENIED + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // the process died: the answers below say so
            }
        });
        List<String> answers = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) answers.add(outcome(JSON.readTree(line)));
        }
        writer.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of("allow", "deny invalid", "deny"), answers);
        assertEquals(4, p.exitValue());
    }
}
