package dev.mayexec.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.mayexec.Decision;
import dev.mayexec.engine.Query;
import java.util.function.Function;

/**
 * The decision cache, in front of the engine. The key is the policy's hash plus the query projected
 * onto the facts the policy reads (with the file's identity: dev, ino, size, mtime, ctime), so a
 * reload, a changed file or a changed fact can never be answered from an old entry.
 */
public final class DecisionCache {
    /** A cache key: which policy, and the question as that policy sees it. */
    public record Key(String policyHash, Query query) {}

    private final Cache<Key, Decision> cache;

    private DecisionCache(Cache<Key, Decision> cache) {
        this.cache = cache;
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
        return new DecisionCache(Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build());
    }

    /** Returns the cached decision for {@code key}, or computes, stores and returns it. */
    public Decision get(Key key, Function<Query, Decision> evaluate) {
        boolean[] computed = {false};
        Decision d = cache.get(key, k -> {
            computed[0] = true;
            return evaluate.apply(k.query());
        });
        return d.withCached(!computed[0]);
    }

    public CacheStats stats() {
        return cache.stats();
    }

    public void clear() {
        cache.invalidateAll();
    }
}
