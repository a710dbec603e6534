package dev.mayexec.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 5: a glob with several {@code **} compiled to a backtracking regex, which cost
 * seconds per request on a PATH_MAX-deep path (and more with each {@code **}). Globs are now matched
 * by an automaton over their parts, with the regex's answers.
 */
class GlobTest {
    /** The regex globs used to compile to, kept as the reference for what a glob means. */
    private static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("/**/", i)) {
                re.append("/(.*/)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                re.append(".*");
                i += 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    @Test
    void matches_agreesWithTheRegexReading_onRandomGlobsAndPaths() {
        Random rnd = new Random(7);
        String[] tokens = {"a", "b", "/", ".", "*", "**", "?", "/**/", "ab", "$", "^", "+"};
        String[] segments = {"a", "b", "ab", "ba", ".a", "...", "x", "a.b", "$", "a^b"};
        int matched = 0;
        for (int round = 0; round < 2000; round++) {
            StringBuilder g = new StringBuilder("/");
            for (int i = rnd.nextInt(6); i >= 0; i--) g.append(tokens[rnd.nextInt(tokens.length)]);
            String glob = g.toString();
            PathPattern.Glob ours = PathPattern.Glob.of(glob);
            Pattern reference = Pattern.compile(regex(glob));
            for (int k = 0; k < 20; k++) {
                StringBuilder path = new StringBuilder();
                for (int i = rnd.nextInt(5); i >= 0; i--) path.append('/').append(segments[rnd.nextInt(segments.length)]);
                boolean want = reference.matcher(path).matches();
                assertEquals(want, ours.matches(path.toString()), glob + " on " + path);
                if (want) matched++;
            }
        }
        assertTrue(matched > 500, "the random cases match too, not only miss: " + matched);
    }

    @Test
    void manyDoubleStars_onAPathMaxDeepPath_finish() {
        String deep = "/a".repeat(2048);
        PathPattern.Glob hostile = PathPattern.Glob.of("/**/a*/**/a*/**/a*/**/a*/**/a*/**/a*/**/b");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 100; i++) assertFalse(hostile.matches(deep));
        });
        assertTrue(PathPattern.Glob.of("/**/a/**/a").matches(deep));
    }
}
