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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * One compiled policy, built into a Drools {@link KieBase}. {@link #decide} is safe from any number
 * of threads (each decision has a session to itself, taken from a pool and emptied after use) and
 * total: it never throws.
 */
public final class RuleEngine {
    private static final String BASE_PATH = "dev/mayexec/rules/base.drl";
    private static final String GENERATED_PATH = "dev/mayexec/generated/policy.drl";

    private final CompiledPolicy compiled;
    private final KieBase kieBase;
    private final boolean loaded;
    private final Profiles profiles;
    private final FactBuilder facts;
    private final FactProjection projection;
    private final Tables tables;
    private final Combiner combiner;
    private final Map<String, Dirs> anchors = new TreeMap<>();
    private final BlockingQueue<Pooled> sessions = new ArrayBlockingQueue<>(32);

    private RuleEngine(CompiledPolicy compiled, KieBase kieBase, boolean loaded) {
        this.compiled = compiled;
        this.kieBase = kieBase;
        this.loaded = loaded;
        this.profiles = Profiles.of(compiled.policy());
        this.facts = new FactBuilder(profiles);
        this.projection = new FactProjection(compiled.reads());
        this.tables = new Tables(compiled.tables());
        this.combiner = new Combiner(compiled);
        compiled.anchors().forEach((field, dirs) -> anchors.put(field, new Dirs(dirs)));
    }

    /** Builds the KieBase; Drools errors come back as diagnostics placed on the YAML rule. */
    public static RuleEngine build(CompiledPolicy compiled) throws PolicyException {
        return new RuleEngine(compiled, base(packages(compiled)), false);
    }

    /**
     * Builds the KieBase from the packages {@code store} keeps for this policy, or, when it keeps
     * none that may be trusted, from the DRL (and then keeps them there).
     */
    public static RuleEngine build(CompiledPolicy compiled, RuleBases store) throws PolicyException {
        Optional<Collection<KiePackage>> kept = store.load(compiled);
        if (kept.isPresent()) return new RuleEngine(compiled, base(kept.get()), true);
        Collection<KiePackage> packages = packages(compiled);
        store.save(compiled, packages);
        return new RuleEngine(compiled, base(packages), false);
    }

    /** Compiles the base rules and the generated DRL into Drools packages. */
    private static Collection<KiePackage> packages(CompiledPolicy compiled) throws PolicyException {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        builder.add(drl(BASE_PATH, DrlCompiler.baseRules()), ResourceType.DRL);
        builder.add(drl(GENERATED_PATH, compiled.drl()), ResourceType.DRL);
        if (builder.hasErrors()) {
            List<Diagnostic> errors = new ArrayList<>();
            for (KnowledgeBuilderError e : builder.getErrors()) errors.add(mapError(compiled, e.asMessage(errors.size())));
            throw new PolicyException(errors);
        }
        return builder.getKnowledgePackages();
    }

    private static Resource drl(String path, String text) {
        return ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8)).setSourcePath(path);
    }

    private static KieBase base(Collection<KiePackage> packages) {
        InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
        base.addPackages(packages);
        return base;
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

    /** Whether the rule base was loaded from a {@link RuleBases} store rather than compiled from the DRL. */
    public boolean loaded() {
        return loaded;
    }

    /** The interpreter profiles in effect: the policy's own, then the shipped ones it does not override. */
    public Profiles profiles() {
        return profiles;
    }

    /** Returns the query a request amounts to, projected onto the facts this policy reads. */
    public Query query(Request r) {
        return projection.project(facts.build(r));
    }

    /**
     * The names of the query's fields (its record components) that a decision of {@code projected},
     * a query made by {@link #query}, depends on: a decision is the same for every query that agrees
     * with it on these.
     */
    public Set<String> fieldsRead(Query projected) {
        return projection.kept(projected);
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
            Pooled p = sessions.poll();
            if (p == null) p = session();
            boolean clean = false;
            try {
                p.hits().clear();
                List<FactHandle> handles = new ArrayList<>(8);
                for (Query f : inserted(q)) handles.add(p.session().insert(f));
                p.session().fireAllRules();
                for (FactHandle f : handles) p.session().delete(f);
                Decision d = combiner.combine(channel, p.hits());
                clean = true;
                return d;
            } finally {
                // a session is reused once its facts are gone: a new one costs memory for every node of the network
                if (!clean || !sessions.offer(p)) p.session().dispose();
            }
        } catch (RuntimeException e) {
            return refusal(channel, "engine.error", "the engine failed: " + e);
        }
    }

    /** A session with its globals set once: the tables, and the hits it records into (cleared before each use). */
    private Pooled session() {
        KieSession session = kieBase.newKieSession();
        Hits hits = new Hits();
        session.setGlobal("t", tables);
        session.setGlobal("out", hits);
        return new Pooled(session, hits);
    }

    private record Pooled(KieSession session, Hits hits) {}

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

    static String pathField(Query q, String field) {
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
