package dev.mayexec.engine;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.DrlCompiler;
import dev.mayexec.compile.Entry;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Request;
import dev.mayexec.profile.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One compiled policy, built into a Drools {@link KieBase}. {@link #decide} is safe from any number
 * of threads (each decision has a session to itself, taken from a pool and emptied after use) and
 * total: it never throws.
 */
public final class RuleEngine {
    private static final String BASE_PATH = "src/main/resources/dev/mayexec/rules/base.drl";
    private static final String GENERATED_PATH = "src/main/resources/dev/mayexec/generated/policy.drl";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final CompiledPolicy compiled;
    private final KieBase kieBase;
    private final Profiles profiles;
    private final FactBuilder facts;
    private final FactProjection projection;
    private final Tables tables;
    private final Combiner combiner;
    private final Map<String, Dirs> anchors = new TreeMap<>();
    private final BlockingQueue<KieSession> sessions = new ArrayBlockingQueue<>(32);

    private RuleEngine(CompiledPolicy compiled, KieBase kieBase) {
        this.compiled = compiled;
        this.kieBase = kieBase;
        this.profiles = Profiles.of(compiled.policy());
        this.facts = new FactBuilder(profiles);
        this.projection = new FactProjection(compiled.reads());
        this.tables = new Tables(compiled.tables());
        this.combiner = new Combiner(compiled);
        compiled.anchors().forEach((field, dirs) -> anchors.put(field, new Dirs(dirs)));
    }

    /** Builds the KieBase; Drools errors come back as diagnostics placed on the YAML rule. */
    public static RuleEngine build(CompiledPolicy compiled) throws PolicyException {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        // each build gets its own release id: Drools keeps modules in a JVM-wide repository
        ReleaseId id = ks.newReleaseId("dev.mayexec.generated", "policy" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(id);
        kfs.write(BASE_PATH, DrlCompiler.baseRules());
        kfs.write(GENERATED_PATH, compiled.drl());
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Diagnostic> errors = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            errors.add(mapError(compiled, m));
        }
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(id);
            throw new PolicyException(errors);
        }
        KieBase base = ks.newKieContainer(id).getKieBase();
        ks.getRepository().removeKieModule(id);
        return new RuleEngine(compiled, base);
    }

    static Diagnostic mapError(CompiledPolicy compiled, Message m) {
        String text = m.getText() == null ? "" : m.getText().strip().replaceAll("\\s+", " ");
        if (m.getPath() != null && m.getPath().endsWith("policy.drl")) {
            // some errors come without a line; their text still names the rule
            var entry = compiled.sourceMap().entryAt(m.getLine()).map(compiled.entries()::get)
                    .or(() -> compiled.entries().stream().filter(e -> text.contains('"' + e.name() + '"')).findFirst());
            if (entry.isPresent()) {
                Entry e = entry.get();
                return Diagnostic.error("mx.compile.drools", e.span(),
                        "rule `" + e.name() + "` does not build in Drools: " + text,
                        "this is a bug in mayexec's compiler; please report it with the policy file");
            }
            return Diagnostic.error("mx.compile.drools", SourceSpan.ofFile("policy.yaml"),
                    "the generated rules do not build in Drools: " + text,
                    "this is a bug in mayexec's compiler; please report it with the policy");
        }
        return Diagnostic.error("mx.compile.drools", new SourceSpan("rules/base.drl", Math.max(1, m.getLine()), 1),
                "the base rules do not build: " + text);
    }

    public CompiledPolicy compiled() {
        return compiled;
    }

    /** The interpreter profiles in effect: the policy's own, then the shipped ones it does not override. */
    public Profiles profiles() {
        return profiles;
    }

    /** Returns the query a request amounts to, projected onto the facts this policy reads. */
    public Query query(Request r) {
        return projection.project(facts.build(r));
    }

    /** Decides a request; never throws: a request that cannot be judged is denied with the reason. */
    public Decision decide(Request r) {
        Query q;
        try {
            q = query(r);
        } catch (IllegalArgumentException e) {
            return refusal(r.channel(), "request.invalid", e.getMessage());
        }
        return evaluate(q);
    }

    /** Evaluates an already projected query (the cache calls this on a miss). */
    public Decision evaluate(Query q) {
        Channel channel = Channel.parse(q.channel()).orElseThrow();
        try {
            Hits hits = new Hits();
            KieSession session = sessions.poll();
            if (session == null) {
                session = kieBase.newKieSession();
                session.setGlobal("t", tables);
            }
            boolean clean = false;
            try {
                session.setGlobal("out", hits);
                List<FactHandle> handles = new ArrayList<>(8);
                for (Query f : inserted(q)) handles.add(session.insert(f));
                session.fireAllRules();
                for (FactHandle f : handles) session.delete(f);
                clean = true;
            } finally {
                // a session is reused once its facts are gone: a new one costs memory for every node of the network
                if (!clean || !sessions.offer(session)) session.dispose();
            }
            return combiner.combine(channel, hits);
        } catch (RuntimeException e) {
            return refusal(channel, "engine.error", "the engine failed: " + e);
        }
    }

    /**
     * The facts a decision inserts: the query, and one copy anchored at each directory above a path
     * field that anchors a rule of the policy (a directory no rule names would match nothing).
     */
    List<Query> inserted(Query q) {
        List<Query> out = new ArrayList<>(4);
        out.add(q);
        anchors.forEach((field, dirs) -> {
            String path = pathField(q, field);
            if (path != null) dirs.above(path, dir -> out.add(q.at(field, dir)));
        });
        return out;
    }

    private static String pathField(Query q, String field) {
        return switch (field) {
            case "path" -> q.path();
            case "exe" -> q.exe();
            case "parentExe" -> q.parentExe();
            case "mountPoint" -> q.mountPoint();
            default -> throw new IllegalStateException("no path field `" + field + "` in the query");
        };
    }

    private Decision refusal(Channel channel, String code, String message) {
        return new Decision(Decision.Outcome.DENY, true, channel, List.of(new Reason(code, null, null, message)),
                compiled.policy().hash(), false);
    }
}
