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

    /** Edit distance where swapping two neighbours is one edit (optimal string alignment): `alcie` is one from `alice`. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
