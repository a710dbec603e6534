package dev.mayexec.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mayexec.Decision;
import dev.mayexec.engine.Query;
import dev.mayexec.facts.Request;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The decision cache, in front of the engine, in two levels. The main one is keyed by the policy's
 * hash plus the query projected onto the facts the policy reads (with the file's identity: dev, ino,
 * size, mtime, ctime), so that requests differing only in facts the policy ignores share an entry,
 * and a reload, a changed file or a changed fact can never be answered from an old entry. In front
 * of it, a smaller one is keyed by the policy's hash and the request exactly as given, which answers a
 * repeated request without building its query. Both give the uncached answer: a decision is a
 * function of the policy and the request.
 *
 * <p>A question gets an entry when it is asked a second time, not the first: most questions of a
 * stream of new ones are never asked again, and an entry for each would cost the stream more than
 * the engine's answer (an insertion, an eviction, and memory the collector copies). A table of the
 * hashes of recent questions (the doorkeeper of TinyLFU) tells a second time from a first. The
 * front level is filled likewise, from answers of the main one. An entry of the main level is small:
 * its key is the projected query packed into bytes ({@link Query#packed}, about 120 bytes where the
 * query's objects take about 500), and equal decisions are stored as one object.
 */
public final class DecisionCache {
    /** Distinct decisions kept as one object each (a policy has few), before the table starts again. */
    private static final int SHARED = 4096;

    /**
     * A key of the main level: which policy, and the question as that policy sees it. An entry's key
     * holds the question packed into bytes; a lookup's holds the query, and packs it only to compare
     * it with an entry of the same hash, so that a question no entry has costs no packing.
     */
    private abstract static sealed class Key {
        final String policyHash;
        final int hash;

        Key(String policyHash, int hash) {
            this.policyHash = policyHash;
            this.hash = hash;
        }

        abstract byte[] packed();

        @Override
        public final int hashCode() {
            return hash;
        }

        @Override
        public final boolean equals(Object other) {
            return other instanceof Key k && hash == k.hash && policyHash.equals(k.policyHash)
                    && Arrays.equals(packed(), k.packed());
        }
    }

    private static final class Lookup extends Key {
        private final Query query;
        private byte[] packed;

        Lookup(String policyHash, Query query) {
            super(policyHash, 31 * policyHash.hashCode() + query.hashCode());
            this.query = query;
        }

        @Override
        byte[] packed() {
            if (packed == null) packed = query.packed();
            return packed;
        }

        Stored stored() {
            return new Stored(policyHash, hash, packed());
        }
    }

    private static final class Stored extends Key {
        private final byte[] packed;

        Stored(String policyHash, int hash, byte[] packed) {
            super(policyHash, hash);
            this.packed = packed;
        }

        @Override
        byte[] packed() {
            return packed;
        }
    }

    /**
     * A key of the front level: the policy's hash and the request as given. The hash, not the engine
     * object, so that entries do not keep a replaced engine (and its rule base) alive.
     */
    private record Exact(String policyHash, Request request) {}

    private final Cache<Key, Decision> cache;
    private final Cache<Exact, Decision> exact;
    /** The doorkeeper: slot {@code hash & mask} holds the hash of the last question seen there. */
    private final int[] seen;
    private final Map<Decision, Decision> shared = new ConcurrentHashMap<>();
    private final LongAdder frontHits = new LongAdder();
    private final LongAdder emptyMisses = new LongAdder();
    /** Whether anything was ever stored in each level (a flag, where the levels' sizes cost a count). */
    private volatile boolean mainUsed;
    private volatile boolean frontUsed;

    private DecisionCache(long maximumSize, boolean front) {
        // maintenance on the calling thread: on two cores a task on the common pool per write costs a
        // thread wake-up per write, more than the maintenance itself
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).recordStats().build();
        this.exact = front ? Caffeine.newBuilder().maximumSize(Math.max(1, maximumSize / 4)).executor(Runnable::run).build()
                : null;
        // about as many slots as entries: a question comes back within that many others to be kept
        this.seen = new int[Integer.highestOneBit((int) Math.clamp(maximumSize, 1, 1 << 20))];
    }

    /**
     * Creates a cache of at most {@code maximumSize} decisions.
     *
     * @throws IllegalArgumentException if {@code maximumSize} is negative
     */
    public static DecisionCache create(long maximumSize) {
        return create(maximumSize, true);
    }

    /**
     * Creates a cache of at most {@code maximumSize} decisions, with the front level keyed by the
     * request as given or without it ({@link #exact} then always answers {@code null}).
     *
     * @throws IllegalArgumentException if {@code maximumSize} is negative
     */
    public static DecisionCache create(long maximumSize, boolean front) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("cache size must not be negative, found " + maximumSize);
        }
        return new DecisionCache(maximumSize, front);
    }

    /** The decision for exactly this request under this policy, already marked cached, or null. */
    public Decision exact(String policyHash, Request request) {
        if (!frontUsed) return null; // nothing there yet: no request to hash
        Decision d = exact.getIfPresent(new Exact(policyHash, request));
        if (d != null) frontHits.increment();
        return d;
    }

    /** Remembers the decision for exactly this request (one the main level answered: a repeat). */
    public void rememberExact(String policyHash, Request request, Decision decision) {
        if (exact == null) return;
        frontUsed = true;
        exact.put(new Exact(policyHash, request), shared(decision.withCached(true)));
    }

    /**
     * Returns the cached decision for the projected query {@code q}, marked cached; or evaluates it,
     * and stores it if the question was asked before.
     */
    public Decision get(String policyHash, Query q, Function<Query, Decision> evaluate) {
        Lookup key = new Lookup(policyHash, q);
        if (mainUsed) { // a stream of new questions leaves it empty: nothing to look up
            Decision stored = cache.getIfPresent(key);
            if (stored != null) return stored;
        } else {
            emptyMisses.increment();
        }
        Decision computed = evaluate.apply(q);
        int slot = (key.hash ^ key.hash >>> 16) & (seen.length - 1);
        if (seen[slot] == key.hash) {
            mainUsed = true;
            cache.put(key.stored(), shared(computed.withCached(true))); // marked cached: every hit returns it as is
        } else {
            seen[slot] = key.hash; // a race between threads costs at most an entry, never an answer
        }
        return computed;
    }

    /**
     * The one stored object equal to {@code d}: a policy has few distinct decisions, so entries share
     * them. Bounded: past {@link #SHARED} distinct decisions the table starts again, and entries
     * already stored keep theirs.
     */
    private Decision shared(Decision d) {
        if (shared.size() >= SHARED) shared.clear();
        Decision first = shared.putIfAbsent(d, d);
        return first != null ? first : d;
    }

    /** Statistics of the main level; hits of the front level count as hits, and questions asked of it empty as misses. */
    public dev.mayexec.CacheStats stats() {
        var s = cache.stats();
        return new dev.mayexec.CacheStats(s.hitCount() + frontHits.sum(), s.missCount() + emptyMisses.sum(), s.evictionCount());
    }
}
