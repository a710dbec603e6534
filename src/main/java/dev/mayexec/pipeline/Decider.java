package dev.mayexec.pipeline;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.cache.DecisionCache;
import dev.mayexec.collect.Descriptor;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.collect.LiveFactsException;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.Query;
import dev.mayexec.engine.RuleBases;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.facts.Request;
import dev.mayexec.profile.Classification;
import dev.mayexec.profile.Disk;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@link dev.mayexec.MayExec} is made of, with the parts the library's users do not need and
 * the project's own commands and daemon do: a policy directory loaded once, deciding from any
 * number of threads, with live facts from descriptors ({@link #decide(Request, LiveFacts, Descriptor,
 * Consumer)}), the rule engine for tools that show the policy, and a store of compiled rule bases.
 * {@link #reload} compiles the directory again and swaps the new policy in atomically; a policy that
 * fails to compile is rejected and the old one keeps deciding.
 */
public final class Decider {
    /** The default cache size, in decisions. */
    public static final long DEFAULT_CACHE_SIZE = dev.mayexec.MayExec.DEFAULT_CACHE_SIZE;

    private final Path dir;
    private final RuleBases store; // or null: every build compiles the DRL
    private final DecisionCache cache;
    private final AtomicReference<RuleEngine> engine;
    private final Disk disk;

    private Decider(Path dir, RuleBases store, AtomicReference<RuleEngine> engine, DecisionCache cache, Disk disk) {
        this.dir = dir;
        this.store = store;
        this.engine = engine;
        this.cache = cache;
        this.disk = disk;
    }

    /** Loads, checks, compiles and builds the policy in {@code dir}, with the default cache. */
    public static Decider load(Path dir) throws PolicyException {
        return load(dir, DEFAULT_CACHE_SIZE);
    }

    /**
     * Loads the policy in {@code dir} with a cache of {@code cacheSize} decisions (0 disables it).
     *
     * @throws PolicyException with every diagnostic, when the policy is invalid
     */
    public static Decider load(Path dir, long cacheSize) throws PolicyException {
        return load(dir, new Caching(cacheSize, true, null));
    }

    /**
     * What a {@code MayExec} keeps between questions: up to {@code decisions} decisions (0: none);
     * whether also by the request as given ({@code requestsAsGiven}), which answers a caller that
     * asks with the same request objects again without building their query, but costs a caller
     * whose requests are new objects (a stream parsed from JSON) a hash of every request; and
     * {@code rules}, a store the rule base of the policy (and of each reload) is loaded from when it
     * may, so that a one-off command does not compile the DRL again (or null).
     */
    public record Caching(long decisions, boolean requestsAsGiven, RuleBases rules) {}

    /**
     * Loads the policy in {@code dir}, with {@code caching}.
     *
     * @throws PolicyException with every diagnostic, when the policy is invalid
     */
    public static Decider load(Path dir, Caching caching) throws PolicyException {
        RuleEngine e = build(dir, caching.rules());
        DecisionCache cache = caching.decisions() == 0 ? null : DecisionCache.create(caching.decisions(),
                caching.requestsAsGiven());
        return new Decider(dir, caching.rules(), new AtomicReference<>(e), cache, Disk.system());
    }

    private static RuleEngine build(Path dir, RuleBases store) throws PolicyException {
        return (store == null ? Pipeline.run(dir) : Pipeline.run(dir, store)).engine();
    }

    /**
     * The same policy, cache and reloads, but invocations read {@code #!} lines and look for files on
     * {@code disk} instead of this machine's files (tests; a container's root).
     */
    public Decider withDisk(Disk disk) {
        return new Decider(dir, store, engine, cache, disk);
    }

    /**
     * Decides a request, or an invocation (a request with {@code argv} and no channel): the
     * interpreter's profile turns its {@code argv}, {@code env} and standard input into the requests
     * it amounts to, and it is allowed only if every one of them is; the decision's {@code parts}
     * list each, and an invocation that cannot be classified (an executable without a profile, an
     * unknown option) is denied with the reason. Total: every failure becomes a deny with its reason,
     * never an exception.
     */
    public Decision decide(Request request) {
        RuleEngine e = engine.get();
        return request.isInvocation() ? Invocations.decide(e, disk, request, part -> decide(e, part)) : decide(e, request);
    }

    /**
     * The request of each part of an invocation, as {@link #decide} decides it, in the order of the
     * decision's parts; empty when the invocation cannot be classified (or runs no code).
     */
    public List<Request> partRequests(Request invocation) {
        return switch (classify(invocation)) {
            case Classification.Refused refused -> List.of();
            case Classification.Parts c -> c.parts().stream().map(p -> Invocations.request(invocation, c, p)).toList();
        };
    }

    /** The policy directory this instance loads and reloads. */
    public Path directory() {
        return dir;
    }

    /** The requests an invocation amounts to, with the policy's interpreter profiles (nothing is decided). */
    public Classification classify(Request invocation) {
        return Invocations.classify(engine.get(), disk, invocation);
    }

    private Decision decide(RuleEngine e, Request request) {
        if (cache == null) return e.decide(request);
        String hash = e.compiled().policy().hash();
        Decision seen = cache.exact(hash, request);
        if (seen != null) return seen;
        Query q;
        try {
            q = e.query(request);
        } catch (IllegalArgumentException invalid) {
            return e.decide(request); // the engine turns it into a deny that names the problem
        }
        Decision d = cache.get(hash, q, e::evaluate);
        // a request is kept as given only once it repeats: a stream of new questions costs no front entries
        if (d.cached()) cache.rememberExact(hash, request, d);
        return d;
    }

    /**
     * Completes the request with facts from the running system ({@code process.pid}, {@code file.path})
     * and decides it. Facts that cannot be collected make a deny that says why, never an exception.
     */
    public Decision decide(Request request, LiveFacts live) {
        return decide(request, live, null, known -> {});
    }

    /**
     * Decides a request about an open file: {@code file} is the object (the descriptor a client
     * sent), whatever path the request names; the process's facts are collected as by
     * {@link #decide(Request, LiveFacts)}. The caller keeps the descriptor and closes it.
     */
    public Decision decide(Request request, LiveFacts live, Descriptor file) {
        return decide(request, live, file, known -> {});
    }

    /**
     * Like {@link #decide(Request, LiveFacts, Descriptor)} ({@code file} may be null), and hands
     * {@code facts} the request as completed: the facts the decision was made on (for an invocation,
     * its process's; each part is in the decision's parts), for a decision log.
     */
    public Decision decide(Request request, LiveFacts live, Descriptor file, Consumer<Request> facts) {
        RuleEngine e = engine.get();
        try {
            if (request.isInvocation()) {
                if (file != null) throw new LiveFactsException("an invocation names its files in argv; send no descriptor");
                // the process first (its executable picks the profile; its stdin, the channel), then each part's file
                Request known = live.complete(request, e.compiled().reads());
                facts.accept(known);
                return Invocations.decide(e, disk, known, part -> completeAndDecide(e, part, live));
            }
            Request known = live.complete(request, e.compiled().reads(), file);
            facts.accept(known);
            return decide(e, known);
        } catch (LiveFactsException failed) {
            return unavailable(e, request, failed);
        }
    }

    /**
     * Decides an invocation that a launcher is about to exec in its own process ({@code mayexec run}):
     * the invocation's process is taken as given (the launcher collected it and made it what the exec
     * will leave), and a part about {@code name}, the file {@code argv[0]} was found as, is judged from
     * {@code program}, the descriptor that will be executed, never by name again; the other parts are
     * completed as by {@link #decide(Request, LiveFacts)}. The caller keeps the descriptor.
     */
    public Decision decideLaunch(Request invocation, LiveFacts live, String name, Descriptor program) {
        RuleEngine e = engine.get();
        return Invocations.decide(e, disk, invocation, part -> completeAndDecide(e, part, live,
                part.file() != null && name.equals(part.file().path()) ? program : null));
    }

    /**
     * The request with the facts of its process collected from this machine (those the policy reads,
     * and its user name and whether its stdin is a terminal), its file left as it is.
     */
    public Request completeProcess(Request request, LiveFacts live) throws LiveFactsException {
        java.util.Set<String> reads = new java.util.HashSet<>(engine.get().compiled().reads());
        reads.addAll(List.of("user", "stdinTty"));
        return live.complete(new Request(request.channel(), request.process(), null, request.argv(), request.env(),
                request.cwd(), request.stdin()), reads);
    }

    /**
     * The names of the query's fields that {@code decision}, made on the request completed as
     * {@code known} ({@link #decide(Request, LiveFacts, Descriptor, Consumer)}'s facts), depends on:
     * the same policy decides the same way for every request that agrees with {@code known} on them.
     * Null when that cannot be said: the policy deciding now is not the one that decided, or
     * {@code known} is an invocation or is invalid.
     */
    public java.util.Set<String> fieldsDecidedOn(Request known, Decision decision) {
        RuleEngine e = engine.get();
        if (known.isInvocation() || !e.compiled().policy().hash().equals(decision.policy())) return null;
        try {
            return e.fieldsRead(e.query(known));
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    /** The policy deciding now, as loaded (its files' scopes and launch blocks). */
    public dev.mayexec.policy.Policy policy() {
        return engine.get().compiled().policy();
    }

    private Decision completeAndDecide(RuleEngine e, Request request, LiveFacts live) {
        return completeAndDecide(e, request, live, null);
    }

    private Decision completeAndDecide(RuleEngine e, Request request, LiveFacts live, Descriptor file) {
        try {
            return decide(e, live.complete(request, e.compiled().reads(), file));
        } catch (LiveFactsException failed) {
            return unavailable(e, request, failed);
        }
    }

    private static Decision unavailable(RuleEngine e, Request request, LiveFactsException failed) {
        return new Decision(Decision.Outcome.DENY, true, request.channel(),
                List.of(new Reason("facts.unavailable", null, null, failed.getMessage())), e.compiled().policy().hash(),
                false, request.isInvocation() ? List.of() : null);
    }


    /**
     * Compiles the directory again and swaps it in. On failure the current policy stays.
     *
     * @throws PolicyException with the new policy's diagnostics, when it is invalid
     */
    public void reload() throws PolicyException {
        engine.set(build(dir, store));
    }

    /** The {@code sha256:} hash of the policy deciding now. */
    public String policyHash() {
        return engine.get().compiled().policy().hash();
    }

    /**
     * The engine deciding now: its compiled policy (the model, the DRL) for the tools that show them.
     * Its own {@code decide} skips this decider's cache and profiles: decide through the decider.
     */
    public RuleEngine engine() {
        return engine.get();
    }

    /** The cache's statistics, or {@code null} when the cache is off. */
    public dev.mayexec.CacheStats cacheStats() {
        return cache == null ? null : cache.stats();
    }
}
