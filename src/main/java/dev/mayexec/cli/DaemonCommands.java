package dev.mayexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.server.DaemonClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec reload} and {@code mayexec status}: control requests to a running daemon. */
final class DaemonCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The socket of the shipped units and of the Python client. */
    static final String DEFAULT_SOCKET = "/run/mayexec.sock";

    private DaemonCommands() {}

    /** Sends one control request; prints why on failure and returns null. */
    static JsonNode control(Path socket, String what, PrintWriter err) {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            String answer = c.ask("{\"control\":\"" + what + "\"}");
            if (answer == null) throw new IOException("the daemon closed the connection");
            JsonNode node = JSON.readTree(answer);
            if (node.has("error")) throw new IOException(node.get("error").asText());
            return node;
        } catch (IOException e) {
            err.println("mayexec " + what + ": no answer from the daemon on " + socket + ": " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** The {@code --socket PATH} option of the control commands. */
    static final class SocketOption {
        @Option(names = "--socket", paramLabel = "PATH", defaultValue = DEFAULT_SOCKET,
                description = "The daemon's socket (default ${DEFAULT-VALUE}).")
        Path socket;
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Asks the daemon to compile its policy again and swap it in; a broken policy is rejected.")
    static final class Reload implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SocketOption socket;

        @Override
        public Integer call() {
            JsonNode r = control(socket.socket, "reload", spec.commandLine().getErr());
            if (r == null) return ExitCodes.INTERNAL;
            PrintWriter out = spec.commandLine().getOut();
            if (r.get("reloaded").asBoolean()) {
                out.println("reloaded: policy " + r.get("policy").asText() + ", generation " + r.get("generation").asLong()
                        + " (mayexec " + r.get("version").asText() + ", up " + Status.uptime(r.get("uptime_seconds").asLong()) + ")");
                out.flush();
                return ExitCodes.OK;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("the new policy was rejected; the daemon keeps serving " + r.get("policy").asText());
            r.get("diagnostics").forEach(d -> err.println("  " + d.asText()));
            err.flush();
            return ExitCodes.INVALID_POLICY;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the daemon's decisions, denies, cache hits, latency percentiles and policy.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SocketOption socket;

        /** How to print the status. */
        enum Format { text, json, prometheus }

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text, json, or prometheus (the text exposition format, for node_exporter's textfile collector).")
        Format format;

        @Option(names = "--json", description = "Same as --format json.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = control(socket.socket, "status", spec.commandLine().getErr());
            if (s == null) return ExitCodes.INTERNAL;
            PrintWriter out = spec.commandLine().getOut();
            if (json || format == Format.json) {
                out.println(s);
            } else if (format == Format.prometheus) {
                out.print(PrometheusFormat.render(s));
            } else {
                JsonNode lat = s.get("latency_us");
                out.printf("daemon      mayexec %s, up %s%n", s.get("version").asText(), uptime(s.get("uptime_seconds").asLong()));
                out.printf("policy      %s (generation %d)%n", s.get("policy").asText(), s.get("generation").asLong());
                out.printf("decisions   %d (%d denied, %d invalid, %d refused)%n", s.get("decisions").asLong(),
                        s.get("denies").asLong(), s.get("invalid").asLong(), s.get("refused").asLong());
                out.printf("cache       %d hits, %d misses%n", s.get("cache").get("hits").asLong(),
                        s.get("cache").get("misses").asLong());
                out.printf("latency     p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, max %.1f µs%n", lat.get("p50").asDouble(),
                        lat.get("p90").asDouble(), lat.get("p99").asDouble(), lat.get("max").asDouble());
                out.printf("clients     %d active, %d in all, %d turned away%n", s.get("clients").get("active").asLong(),
                        s.get("clients").get("total").asLong(), s.get("clients").get("rejected").asLong());
                out.printf("reloads     %d, %d rejected%n", s.get("reloads").get("ok").asLong(),
                        s.get("reloads").get("failed").asLong());
                JsonNode log = s.get("log");
                out.printf("log         %s: %d written, %d dropped (queue full), %d over a user's rate, %d failed%n",
                        log.get("target").asText(), log.get("written").asLong(), log.get("dropped").asLong(),
                        log.get("rate_limited").asLong(), log.get("failed").asLong());
            }
            out.flush();
            return ExitCodes.OK;
        }

        static String uptime(long seconds) {
            return String.format("%dd %02d:%02d:%02d", seconds / 86400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        }
    }
}
