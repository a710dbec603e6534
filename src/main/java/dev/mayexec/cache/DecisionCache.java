package dev.mayexec.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.mayexec.Decision;
import dev.mayexec.engine.Query;
import dev.mayexec.facts.Request;
import java.util.function.Function;

/**
 * The decision cache, in front of the engine, in two levels. The main one is keyed by the policy's
 * hash plus the query projected onto the facts the policy reads (with the file's identity: dev, ino,
 * size, mtime, ctime), so that requests differing only in facts the policy ignores share an entry,
 * and a reload, a changed file or a changed fact can never be answered from an old entry. In front
 * of it, a smaller one is keyed by the compiled policy and the request exactly as given, which
 * answers a repeated request without building its query. Both give the uncached answer: a decision
 * is a function of the policy and the request.
 */
public final class DecisionCache {
    /** A cache key: which policy, and the question as that policy sees it. */
    public record Key(String policyHash, Query query) {}

    /**
     * A key of the front level: the policy's hash and the request as given. The hash, not the engine
     * object, so that entries do not keep a replaced engine (and its rule base) alive.
     */
    private record Exact(String policyHash, Request request) {}

    private final Cache<Key, Decision> cache;
    private final Cache<Exact, Decision> exact;
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();

    private DecisionCache(Cache<Key, Decision> cache, Cache<Exact, Decision> exact) {
        this.cache = cache;
        this.exact = exact;
    }

    /**
     * Creates a cache of at most {@code maximumSize} decisions.
     *
     * @throws IllegalArgumentException if {@code maximumSize} is negative
     */
    public static DecisionCache create(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative, found " + maximumSize);
        }
        // maintenance on the calling thread: on two cores a task on the common pool per write costs a
        // thread wake-up per miss, more than the maintenance itself
        return new DecisionCache(
                Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).recordStats().build(),
                Caffeine.newBuilder().maximumSize(Math.max(1, maximumSize / 4)).executor(Runnable::run).build());
    }

    /** The decision for exactly this request under this policy, already marked cached, or null. */
    public Decision exact(String policyHash, Request request) {
        Decision d = exact.getIfPresent(new Exact(policyHash, request));
        if (d != null) hits.increment();
        return d;
    }

    /** Remembers the decision for exactly this request. */
    public void rememberExact(String policyHash, Request request, Decision decision) {
        exact.put(new Exact(policyHash, request), decision.withCached(true));
    }

    /** Returns the cached decision for {@code key}, or computes, stores and returns it. */
    public Decision get(Key key, Function<Query, Decision> evaluate) {
        Decision[] computed = {null};
        Decision stored = cache.get(key, k -> {
            computed[0] = evaluate.apply(k.query());
            return computed[0].withCached(true); // stored marked cached: every hit returns this one object
        });
        return computed[0] != null ? computed[0] : stored;
    }

    /** Statistics of the main level; hits of the front level count as hits. */
    public CacheStats stats() {
        CacheStats s = cache.stats();
        return CacheStats.of(s.hitCount() + hits.sum(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
                s.totalLoadTime(), s.evictionCount(), s.evictionWeight());
    }

}
