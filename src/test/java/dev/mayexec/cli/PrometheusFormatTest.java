package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.server.DaemonClient;
import dev.mayexec.server.DecisionServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mayexec status --format prometheus`: the text exposition format, checked by promtool and by its grammar. */
class PrometheusFormatTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final Pattern META = Pattern.compile("# (HELP|TYPE) (" + NAME + ") (.+)");

    @TempDir
    Path tmp;

    @Test
    void everyFigureOfTheStatus_isAValidMetric() throws Exception {
        Path socket = tmp.resolve("mx.sock");
        try (DecisionServer server = DecisionServer.start(Decider.load(Path.of("policies", "kernel-default")),
                LiveFacts.system(), DecisionServer.Options.defaults(socket));
             DaemonClient c = DaemonClient.connect(socket)) {
            c.ask("{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}");
            c.ask("not json");
            String text = PrometheusFormat.render(server.status());
            assertValid(text);
            assertTrue(text.contains("\nmayexec_decisions_total 2\n"), text);
            assertTrue(text.contains("\nmayexec_invalid_requests_total 1\n"), text);
            assertTrue(text.contains("mayexec_log_entries_lost_total{reason=\"rate_limited\"} 0\n"), text);
            assertTrue(text.matches("(?s).*\nmayexec_process_open_fds [1-9][0-9]*\n.*"), text);
        }
    }

    /**
     * Checks the exposition format: every sample's family has one HELP and one TYPE before it,
     * counters end in {@code _total}, names, labels and values follow the grammar; and promtool
     * agrees (with its lint), when it is installed (Debian's {@code prometheus} package).
     */
    static void assertValid(String text) throws Exception {
        assertTrue(text.endsWith("\n"), "the format ends with a line feed");
        Map<String, String> types = new HashMap<>();
        Map<String, Integer> helps = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher meta = META.matcher(line);
            if (meta.matches()) {
                if (meta.group(1).equals("TYPE")) {
                    assertTrue(meta.group(3).matches("counter|gauge"), line);
                    assertEquals(null, types.put(meta.group(2), meta.group(3)), "one TYPE per family: " + line);
                } else {
                    helps.merge(meta.group(2), 1, Integer::sum);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample: `" + line + "`");
            String type = types.get(sample.group(1));
            assertTrue(type != null && helps.get(sample.group(1)) == 1, "a sample before its HELP and TYPE: " + line);
            assertEquals(type.equals("counter"), sample.group(1).endsWith("_total"), "counters, and only they, end in _total: " + line);
        }
        if (!Files.isExecutable(PROMTOOL)) {
            System.err.println("\n*** PrometheusFormatTest: promtool is not installed (apt-get install prometheus); checked by the grammar only ***\n");
            return;
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool check metrics: " + out);
        assertEquals("", out.strip(), "promtool's lint: " + out);
    }
}
