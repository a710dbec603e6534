package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store of compiled rule bases holds code (Drools packages with their compiled consequences,
 * read by Java serialization), so a file in it is input: it is read only when the directory and the
 * file are the user's and no one else may write them, its header names the policy's key and its
 * content matches its digest. Anything else is ignored, and the DRL is compiled instead.
 */
class RuleBasesTest {
    private static final String POLICY = "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n"
            + "rules:\n  - {id: no-tmp, effect: deny, channels: all, when: {path: {under: /tmp}}}\n";

    @TempDir
    Path tmp;

    private Path store;
    private CompiledPolicy compiled;

    @BeforeEach
    void setUp() throws PolicyException, IOException {
        store = Files.createDirectory(tmp.resolve("store"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        compiled = Pipeline.runUpTo(TestPolicies.write(tmp, Map.of("policy.yaml", POLICY)), Pipeline.Stage.COMPILE).compiled();
    }

    private RuleEngine build() throws PolicyException {
        return RuleEngine.build(compiled, RuleBases.in(store));
    }

    private Path file() throws IOException {
        try (Stream<Path> s = Files.list(store)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".rules")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.getFirst();
        }
    }

    @Test
    void aStoredRuleBase_isLoaded_andDecidesAsTheCompiledOne() throws PolicyException, IOException {
        assertFalse(build().loaded(), "the first build compiles the DRL");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        RuleEngine loaded = build();
        assertTrue(loaded.loaded());
        RuleEngine compiledAgain = RuleEngine.build(compiled);
        for (String path : List.of("/tmp/x.py", "/srv/x.py")) {
            Request r = Request.of(Channel.FILE, ProcessInfo.UNKNOWN, new FileInfo(path, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null));
            Decision d = loaded.decide(r);
            assertEquals(compiledAgain.decide(r), d);
            assertEquals(path.startsWith("/tmp") ? Decision.Outcome.DENY : Decision.Outcome.ALLOW, d.decision());
        }
    }

    @Test
    void anotherPolicy_neverMeetsTheFile() throws PolicyException {
        CompiledPolicy other = new CompiledPolicy(compiled.policy(), compiled.drl().replace("/tmp", "/var/tmp"),
                compiled.entries(), compiled.sourceMap(), compiled.reads(), compiled.anchors(), compiled.tables());
        assertNotEquals(RuleBases.key(compiled), RuleBases.key(other));
        build();
        assertFalse(RuleEngine.build(other, RuleBases.in(store)).loaded());
    }

    static Stream<Arguments> untrusted() {
        return Stream.of(
                Arguments.of("a directory others may write", (Change) (dir, file) ->
                        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"))),
                Arguments.of("a file others may write", (Change) (dir, file) ->
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"))),
                Arguments.of("a file changed after it was written", (Change) (dir, file) -> {
                    byte[] b = Files.readAllBytes(file);
                    b[b.length - 10] ^= 1;
                    Files.write(file, b);
                }),
                Arguments.of("a file cut short", (Change) (dir, file) -> {
                    byte[] b = Files.readAllBytes(file);
                    Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
                }),
                Arguments.of("a file that is a link", (Change) (dir, file) -> {
                    Path real = Files.move(file, dir.resolve("elsewhere"));
                    Files.createSymbolicLink(file, real);
                }),
                Arguments.of("another policy's file under this policy's name", (Change) (dir, file) -> {
                    byte[] b = Files.readAllBytes(file);
                    b["mayexec-rule-base-1\n".length()] ^= 1; // the key in the header
                    Files.write(file, b);
                }));
    }

    @FunctionalInterface
    interface Change {
        void apply(Path dir, Path file) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrusted")
    void anUntrustedFile_isNotRead(String what, Change change) throws PolicyException, IOException {
        build();
        change.apply(store, file());
        assertFalse(build().loaded(), what);
    }

    @Test
    void aFileOrDirectoryOfAnotherUser_isNotRead() throws PolicyException, IOException {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "needs root to give a file away");
        build();
        Files.setAttribute(file(), "unix:uid", 65534);
        assertFalse(build().loaded(), "a file of another user");
        assertTrue(build().loaded(), "replaced by one of ours");
        Files.setAttribute(store, "unix:uid", 65534);
        assertFalse(build().loaded(), "a directory of another user");
    }

    @Test
    void aStoreInADirectoryOthersMayWrite_isNeitherWrittenNorRead() throws PolicyException, IOException {
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(build().loaded());
        try (Stream<Path> s = Files.list(store)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    @Test
    void theStore_keepsTheRecentFilesOnly() throws PolicyException, IOException {
        for (int i = 0; i < 40; i++) {
            Path old = Files.writeString(store.resolve("old" + i + ".rules"), "old");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * i));
        }
        build();
        try (Stream<Path> s = Files.list(store)) {
            List<String> kept = s.map(p -> p.getFileName().toString()).toList();
            assertEquals(32, kept.size());
            assertTrue(kept.contains(RuleBases.key(compiled) + ".rules"), "the newest stays");
            assertFalse(kept.contains("old0.rules"), "the oldest goes");
        }
    }
}
