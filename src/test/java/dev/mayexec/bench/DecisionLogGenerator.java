package dev.mayexec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.facts.Request;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestJson;
import dev.mayexec.json.RequestWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes a decision log as {@code mayexec serve --log FILE --log-allows} does: each line a request of
 * {@link RequestGenerator} (a pool of {@code distinct} requests, drawn at random, as a host asks the
 * same few thousand questions again and again), decided by {@code policy}, with the facts in the
 * form the daemon keeps (those the policy reads). Seeded.
 *
 * <pre>{@code java -cp … dev.mayexec.bench.DecisionLogGenerator POLICY_DIR LINES OUT [DISTINCT]}</pre>
 */
public final class DecisionLogGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionLogGenerator() {}

    public static void main(String[] args) throws Exception {
        int distinct = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        write(Decider.load(Path.of(args[0])), Long.parseLong(args[1]), Path.of(args[2]), distinct, 42);
    }

    /** Writes {@code lines} entries to {@code out}; returns the bytes written. */
    public static long write(Decider mx, long lines, Path out, int distinct, long seed) throws Exception {
        Set<String> reads = mx.engine().compiled().reads();
        List<String> pool = new ArrayList<>(distinct);
        for (String r : RequestGenerator.distinct(distinct, seed)) pool.add(entry(mx, RequestJson.parse(r), reads));
        Random random = new Random(seed);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (long i = 0; i < lines; i++) {
                // the varying head (time, id) first, as the daemon writes it, then the entry's fixed rest
                w.write("{\"time\":\"" + t0.plusMillis(i * 7) + "\",\"host\":\"bench\",\"id\":\"g-" + i + "\",");
                w.write(pool.get(random.nextInt(pool.size())));
                w.newLine();
            }
        }
        return Files.size(out);
    }

    /** Everything of an entry after its id, without the opening brace. */
    private static String entry(Decider mx, Request r, Set<String> reads) throws IOException {
        Decision d = mx.decide(r);
        ObjectNode line = JSON.createObjectNode();
        line.putObject("peer").put("pid", r.process().pid() == null ? 4242 : r.process().pid())
                .put("uid", r.process().uid() == null ? 0 : r.process().uid()).put("gid", 0);
        ObjectNode asked = line.putObject("request").put("channel", r.channel().id());
        if (r.file() != null) asked.put("path", r.file().path());
        line.setAll(DecisionJson.toNode(d));
        line.set("facts", RequestWriter.tree(r, reads));
        return line.toString().substring(1);
    }
}
