package dev.mayexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec demo}: a handful of decisions on the example policy, printed for people. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a handful of typical requests through the example policy and explains each decision.")
final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "DIR", description = "The policy directory (default: the shipped example).")
    Path dir;

    @Override
    public Integer call() throws IOException, RequestException {
        PrintWriter out = spec.commandLine().getOut();
        PolicyOption policy = new PolicyOption();
        policy.dir = dir != null ? dir : Path.of(System.getProperty("mayexec.home", "."), "policies", "example");
        Decider mx = policy.load(spec.commandLine().getErr(), Decider.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        out.printf("mayexec demo: policy `%s` from %s%n", mx.engine().compiled().policy().name(), policy.dir);
        out.printf("policy hash %s%n%n", mx.policyHash());
        int i = 0;
        for (JsonNode example : examples()) {
            Decision d = mx.decide(RequestJson.parse(JSON.writeValueAsString(example.get("request"))));
            out.printf("%2d. %s%n", ++i, example.get("note").asText());
            out.printf("    %s%n", describe(example.get("request")));
            out.printf("    => %s%n", verdict(d));
            for (Reason r : d.reasons()) {
                out.printf("       %-28s %s%n", r.code(), r.message());
                if (r.rule() != null || r.source() != null) {
                    out.printf("       %-28s %s%n", "", (r.rule() == null ? "" : "rule `" + r.rule() + "` ")
                            + (r.source() == null ? "" : "at " + r.source()));
                }
            }
            out.println();
        }
        out.println("Try your own: echo '{\"channel\":\"inline\",\"process\":{\"service\":\"nginx.service\"}}' \\");
        out.println("    | bin/mayexec decide --policy " + policy.dir);
        out.flush();
        return ExitCodes.OK;
    }

    private static String verdict(Decision d) {
        if (d.decision() == Decision.Outcome.ALLOW) return "ALLOW";
        return d.enforced() ? "DENY" : "DENY (audit mode: logged, not enforced)";
    }

    private static String describe(JsonNode r) {
        JsonNode p = r.path("process");
        StringBuilder s = new StringBuilder(r.get("channel").asText());
        if (r.has("file")) s.append(' ').append(r.path("file").path("path").asText());
        if (r.has("argv")) s.append(" argv=").append(r.get("argv"));
        s.append("  (");
        if (p.has("user")) s.append("user ").append(p.get("user").asText()).append(", ");
        if (p.has("service")) s.append(p.get("service").asText()).append(", ");
        s.append("exe ").append(p.path("exe").asText("?")).append(')');
        return s.toString();
    }

    private static List<JsonNode> examples() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank())
                    .map(l -> {
                        try {
                            return JSON.readTree(l);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
