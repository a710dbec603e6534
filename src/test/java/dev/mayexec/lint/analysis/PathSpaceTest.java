package dev.mayexec.lint.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.policy.PathPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Path languages: the automata agree with the engine's matcher, and inclusion is decided exactly. */
class PathSpaceTest {
    private static PathPattern p(String text) {
        if (text.startsWith("under ")) return new PathPattern.Under(text.substring(6));
        return PathPattern.isGlob(text) ? PathPattern.Glob.of(text) : new PathPattern.Exact(text);
    }

    private static boolean includes(PathSpace s, String a, String b) {
        return s.find(List.of(List.of(p(a))), List.of(List.of(p(b)))).isEmpty();
    }

    @Test
    void membership_agreesWithTheEnginesMatcher_onRandomGlobsAndPaths() {
        Random rnd = new Random(42);
        String[] tokens = {"a", "b", "/", ".", "*", "**", "?", "/**/", "ab"};
        String[] segments = {"a", "b", "ab", "ba", ".a", "...", "x", "a.b"};
        for (int round = 0; round < 300; round++) {
            StringBuilder g = new StringBuilder("/");
            for (int i = rnd.nextInt(5); i >= 0; i--) g.append(tokens[rnd.nextInt(tokens.length)]);
            String glob = g.toString().replace("//", "/");
            if (glob.length() > 1 && glob.endsWith("/")) glob = glob + "a";
            PathPattern pattern = PathPattern.isGlob(glob) ? PathPattern.Glob.of(glob) : new PathPattern.Exact(glob);
            List<String> paths = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                StringBuilder path = new StringBuilder();
                for (int i = rnd.nextInt(4); i >= 0; i--) path.append('/').append(segments[rnd.nextInt(segments.length)]);
                paths.add(path.toString());
            }
            List<String> texts = new ArrayList<>(paths);
            texts.add(glob);
            PathSpace space = new PathSpace(texts);
            for (String path : paths) {
                boolean dfa = space.find(List.of(List.of(pattern), List.of(new PathPattern.Exact(path))), List.of()).isPresent();
                assertEquals(pattern.matches(path), dfa, "glob " + glob + " on " + path);
            }
        }
    }

    @Test
    void inclusion_isDecidedOnTheLanguages_notTheText() {
        PathSpace s = new PathSpace(List.of("/usr/lib", "/opt/*/bin/*", "/a/**/b", "/a/**", "/a/*", "/tmp/x"));
        assertTrue(includes(s, "under /usr/lib", "under /usr"));
        assertFalse(includes(s, "under /usr", "under /usr/lib"));
        assertTrue(includes(s, "/opt/*/bin/*", "under /opt"));
        assertTrue(includes(s, "/a/**", "under /a"), "for valid paths, /a/** is exactly what lies under /a");
        assertTrue(includes(s, "under /a", "/a/**"));
        assertTrue(includes(s, "/a/b", "/a/**/b"), "/a/**/b also matches /a/b");
        assertFalse(includes(s, "under /a", "/a/*"), "* stops at /");
        assertFalse(includes(s, "under /tmp", "under /tmp/x"));
    }

    @Test
    void witness_isAValidNormalisedPath() {
        PathSpace s = new PathSpace(List.of("/opt/*/x", "/opt/a"));
        String w = s.find(List.of(List.of(p("/opt/*/x"))), List.of(List.of(p("/opt/a/x")))).orElseThrow();
        assertTrue(p("/opt/*/x").matches(w) && !w.equals("/opt/a/x"), w);
        assertFalse(w.contains("//") || w.contains("/./") || w.contains("/../"), w);
        assertTrue(s.find(List.of(List.of(p("/opt/*/x"))), List.of(List.of(p("under /opt")))).isEmpty());
    }
}
