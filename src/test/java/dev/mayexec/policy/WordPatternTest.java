package dev.mayexec.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, finding 5: a profile's {@code pattern} was compiled with {@code Pattern.compile}, so a
 * policy could make every invocation it reads cost exponential time. {@link WordPattern} reads a
 * subset of regular expressions and matches it in linear time, with the same answers.
 */
class WordPatternTest {
    private static final String[] ATOMS = {"a", "b", "-", ".", "[ab]", "[^a]", "[a-c:]", "\\.", "(a)", "(?:ab)", "(a|b-)",
        "(?:a|[bc])"};

    /** A random pattern of the subset whose repeated parts cannot match nothing (where Java's loops have quirks). */
    private static String pattern(Random rnd, int depth) {
        StringBuilder p = new StringBuilder();
        for (int i = rnd.nextInt(3); i >= 0; i--) {
            if (depth > 0 && rnd.nextInt(3) == 0) {
                p.append('(').append(pattern(rnd, depth - 1)).append(')'); // may match nothing: not repeated
            } else {
                p.append(ATOMS[rnd.nextInt(ATOMS.length)]).append(new String[] {"", "", "?", "*", "+"}[rnd.nextInt(5)]);
            }
        }
        return rnd.nextInt(4) == 0 ? p + "|" + pattern(rnd, depth - 1 < 0 ? 0 : depth - 1) : p.toString();
    }

    @Test
    void answers_agreeWithJavaRegex_onRandomPatternsAndWords() {
        Random rnd = new Random(11);
        int compared = 0;
        for (int round = 0; round < 3000; round++) {
            String text = pattern(rnd, 2);
            if (text.contains("()") || text.startsWith("|") || text.endsWith("|")) continue;
            WordPattern ours = WordPattern.compile(text);
            Pattern java = Pattern.compile(text, Pattern.DOTALL);
            for (int k = 0; k < 8; k++) {
                StringBuilder w = new StringBuilder();
                for (int i = rnd.nextInt(7); i > 0; i--) w.append("ab-c:.x".charAt(rnd.nextInt(7)));
                String word = w.toString();
                Matcher m = java.matcher(word);
                Optional<WordPattern.Match> whole = ours.matches(word);
                assertEquals(m.matches(), whole.isPresent(), text + " on " + word);
                if (whole.isPresent() && m.groupCount() >= 1) {
                    assertEquals(m.group(1), whole.get().group(1), "group 1 of " + text + " on " + word);
                }
                m.reset();
                OptionalInt prefix = ours.prefix(word);
                assertEquals(m.lookingAt() ? OptionalInt.of(m.end()) : OptionalInt.empty(), prefix, text + " at the start of " + word);
                compared++;
            }
        }
        assertTrue(compared > 10_000, "compared " + compared);
    }

    @Test
    void theShippedProfilesPatterns_read() {
        WordPattern jshell = WordPattern.compile("-(?:javaagent|agentpath|agentlib):([^=]+).*");
        assertEquals("x.jar", jshell.matches("-javaagent:x.jar=opts").orElseThrow().group(1));
        assertTrue(jshell.matches("-Xmx1g").isEmpty());
        assertEquals(OptionalInt.of(1), WordPattern.compile("[0-2]|:[a-z-]+").prefix("2abc"));
        assertEquals(OptionalInt.of(0), WordPattern.compile("[0-7]*").prefix("ne"));
        assertEquals("Foo", WordPattern.compile("(?:[A-Za-z_][A-Za-z0-9_]*=)?(.+)").matches("Foo").orElseThrow().group(1));
    }

    @Test
    void catastrophicPatterns_runInLinearTime() {
        String word = "a".repeat(65_536);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String p : new String[] {"(a*)*b", "(a|a)*b", "(a|aa)+b", "(?:a?){30}"}) {
                if (p.contains("{")) continue; // refused below
                assertTrue(WordPattern.compile(p).matches(word).isEmpty(), p);
                assertEquals(OptionalInt.empty(), WordPattern.compile(p).prefix(word), p);
            }
        });
    }

    @Test
    void whatTheSubsetLacks_isRefused_saying() {
        assertEquals("counted repetition `{…}` is not supported at character 7",
                assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("(?:a?){30}")).getMessage());
        assertEquals("anchors are not supported (the pattern always spans the word) at character 1",
                assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("^a")).getMessage());
        assertEquals("escapes such as `\\d` are not supported; write a class such as `[0-9]` at character 2",
                assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("\\d+")).getMessage());
        assertEquals("only `(?:` groups are supported (no lookaround or flags) at character 2",
                assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("(?=a)")).getMessage());
        assertEquals("a quantifier after a quantifier (lazy, possessive or doubled) is not supported at character 3",
                assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("a*?")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordPattern.compile("a".repeat(WordPattern.MAX_LENGTH + 1)));
    }
}
