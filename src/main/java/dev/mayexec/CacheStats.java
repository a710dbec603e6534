package dev.mayexec;

/**
 * How a {@link MayExec}'s cache has served since it was loaded: decisions answered from it
 * ({@code hits}), decisions the engine had to make ({@code misses}), and decisions dropped to keep it
 * within its size ({@code evictions}). A cached decision is always the one the engine would make.
 */
public record CacheStats(long hits, long misses, long evictions) {

    /** The share of questions answered from the cache, 0 when none was asked. */
    public double hitRate() {
        long asked = hits + misses;
        return asked == 0 ? 0 : (double) hits / asked;
    }
}
