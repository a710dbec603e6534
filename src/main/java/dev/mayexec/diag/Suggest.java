package dev.mayexec.diag;

import java.util.Collection;
import java.util.Optional;

/** "did you mean" suggestions by edit distance. */
public final class Suggest {
    private Suggest() {}

    /** Returns the closest candidate within a distance that still looks like a typo. */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(3, given.length() / 3));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Returns {@code did you mean `x`?}, or a list of the valid values when nothing is close. */
    public static String help(String given, Collection<String> candidates) {
        return closest(given, candidates)
                .map(c -> "did you mean `" + c + "`?")
                .orElseGet(() -> "expected one of: " + String.join(", ", candidates.stream().sorted().toList()));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
