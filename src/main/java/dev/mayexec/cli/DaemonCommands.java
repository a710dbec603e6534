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
        @Option(names = "--socket", paramLabel = "PATH", required = true, description = "The daemon's socket.")
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
                out.println("reloaded: policy " + r.get("policy").asText() + ", generation " + r.get("generation").asLong());
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

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = control(socket.socket, "status", spec.commandLine().getErr());
            if (s == null) return ExitCodes.INTERNAL;
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(s);
            } else {
                JsonNode lat = s.get("latency_us");
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
                out.printf("log         %d written, %d dropped%n", s.get("log").get("written").asLong(),
                        s.get("log").get("dropped").asLong());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
