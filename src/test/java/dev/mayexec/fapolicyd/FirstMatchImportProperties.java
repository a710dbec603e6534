package dev.mayexec.fapolicyd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.facts.Channel;
import dev.mayexec.fapolicyd.FaRule.Perm;
import dev.mayexec.fapolicyd.FirstMatch.Verdict;
import dev.mayexec.fapolicyd.Outcome.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * First match becomes deny-overrides exactly. Random fapolicyd rule lists (of every field mayexec
 * has a fact for: uid, gid, exe, dir of the subject, path, dir, trust and sha256hash of the object,
 * the version's macros, perm) are written as text, read, imported and loaded; random complete
 * events are then decided by the reference evaluator and, projected, by the imported policy. Where
 * the report says every rule up to the first match is exact, the two must agree; and rules of these
 * fields must come out exact, except allows with exceptions ({@code trust=0}, a 1.1.7 macro) that
 * a later deny cannot name.
 */
class FirstMatchImportProperties {
    private static final List<String> EXES = List.of("/usr/bin/cat", "/usr/bin/python3.11", "/tmp/fa/sh", "/tmp/fa/shebang",
            "/usr/libexec/x", "/opt/t*x");
    private static final List<String> PATHS = List.of("/tmp/fa/sh", "/tmp/fa/shebang.py", "/tmp/fa/sh/x.py", "/tmp/fab",
            "/var/tmp/x", "/usr/lib/a.so", "/etc/passwd", "/usr/bin/cat", "/opt/t*x");
    private static final List<String> PREFIXES = List.of("/tmp/fa/sh", "/tmp/fa/", "/tmp/fa", "/usr/", "/", "/tm", "/etc",
            "usr/", "/tmp//fa", "");
    /** Values that bring exceptions or approximations: rarer, so that most events are compared. */
    private static final List<String> RARE_PREFIXES = List.of("execdirs", "systemdirs", "untrusted", "/opt/t*");
    private static final List<String> HASHES = List.of("a".repeat(64), "b".repeat(64), "C".repeat(64));
    private static final TrustList TRUST = new TrustList(Set.of("/usr/bin/cat", "/tmp/fa/shebang.py", "/usr/lib/a.so",
            "/tmp/fa/sh"));
    private static final Set<String> EXPECTED = Set.of("exception-not-carried", "path-left-out", "path-widened",
            "untrusted-left-out", "cannot-combine");
    private static final Path ROOT = tempDir();
    private static final AtomicLong LISTS = new AtomicLong();
    private static final AtomicLong COMPARED = new AtomicLong();
    private static final AtomicLong NOT_EXACT = new AtomicLong();

    @Property(tries = 80)
    void importedPolicyDecidesAsFirstMatch(@ForAll("ruleLists") List<String> lines, @ForAll("events") List<Event> events,
            @ForAll("versions") FaVersion version) {
        String text = String.join("\n", lines);
        RulesReader.Result read = RulesReader.parse(text, "t.rules", new RulesReader.Names(Map.of(), Map.of()));
        assertTrue(read.ok(), () -> read.diagnostics() + "\n" + text);
        Imported imported = Imported.of(read.rules(), version, TRUST, ROOT.resolve("p" + LISTS.incrementAndGet()));
        for (PolicyBuilder.Entry e : imported.entries()) {
            // the only approximations these fields may bring: exceptions, unwritable paths, `untrusted` among paths
            boolean expected = e.notes().stream().filter(Outcome.Note::approximates).allMatch(n -> EXPECTED.contains(n.code())
                    || n.code().equals("no-counterpart") && n.detail().contains("untrusted"));
            assertTrue(expected, () -> "rule " + e.rule().text() + " " + e.notes());
            if (e.notes().stream().noneMatch(Outcome.Note::approximates)) assertEquals(Status.EXACT, e.status());
        }
        int i = 0;
        for (Event e : events) {
            Channel open = List.of(Channel.MODULE, Channel.LIBRARY, Channel.CONFIG).get(i++ % 3);
            Verdict want = FirstMatch.decide(read.rules(), e, version);
            if (!imported.exactThrough(want.rule())) {
                NOT_EXACT.incrementAndGet();
                continue;
            }
            COMPARED.incrementAndGet();
            boolean got = imported.allows(e, open);
            assertEquals(want.allow(), got, () -> "event " + e + " on " + open + ": fapolicyd rule " + want.rule() + " says "
                    + (want.allow() ? "allow" : "deny") + "\nrules:\n" + text + "\npolicy:\n" + imported.policy());
        }
    }

    @AfterContainer
    static void enoughCompared() {
        System.err.println("FirstMatchImportProperties: " + LISTS.get() + " rule lists, " + COMPARED.get()
                + " events compared, " + NOT_EXACT.get() + " left out (a rule up to the first match not exact)");
        assertTrue(COMPARED.get() > NOT_EXACT.get() && COMPARED.get() > 1000,
                "most events must be compared, or the property says little");
    }

    @Provide
    Arbitrary<FaVersion> versions() {
        return Arbitraries.of(FaVersion.values());
    }

    @Provide
    Arbitrary<List<String>> ruleLists() {
        return rule().list().ofMinSize(1).ofMaxSize(12);
    }

    private Arbitrary<String> rule() {
        Arbitrary<String> decision = Arbitraries.of("allow", "deny", "deny_audit", "allow_syslog");
        Arbitrary<String> perm = Arbitraries.of("", "perm=open ", "perm=execute ", "perm=any ");
        Arbitrary<String> subject = subjectField().list().ofMinSize(0).ofMaxSize(2)
                .map(l -> l.isEmpty() ? "all" : String.join(" ", l));
        Arbitrary<String> object = objectField().list().ofMinSize(0).ofMaxSize(2)
                .map(l -> l.isEmpty() ? "all" : String.join(" ", l));
        return Combinators.combine(decision, perm, subject, object).as((d, p, s, o) -> d + " " + p + s + " : " + o);
    }

    private Arbitrary<String> subjectField() {
        return Arbitraries.oneOf(
                values(Arbitraries.of("0", "1000", "1001")).map(v -> "uid=" + v),
                values(Arbitraries.of("0", "100", "1000", "2000")).map(v -> "gid=" + v),
                values(Arbitraries.of(EXES)).map(v -> "exe=" + v),
                values(prefixes()).map(v -> "dir=" + v),
                trust(),
                Arbitraries.frequency(Tuple.of(1, "exe=untrusted"), Tuple.of(1, "exe=untrusted,/usr/bin/cat"),
                        Tuple.of(8, "uid=1000")));
    }

    private Arbitrary<String> objectField() {
        return Arbitraries.oneOf(
                values(Arbitraries.of(PATHS)).map(v -> "path=" + v),
                values(prefixes()).map(v -> "dir=" + v),
                trust(),
                values(Arbitraries.of(HASHES)).map(v -> "sha256hash=" + v));
    }

    private static Arbitrary<String> prefixes() {
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.of(PREFIXES)), Tuple.of(1, Arbitraries.of(RARE_PREFIXES)));
    }

    private static Arbitrary<String> trust() {
        return Arbitraries.frequency(Tuple.of(8, "trust=1"), Tuple.of(1, "trust=0"));
    }

    private static Arbitrary<String> values(Arbitrary<String> one) {
        return one.list().ofMinSize(1).ofMaxSize(2).uniqueElements().map(l -> String.join(",", l));
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Event> e = Combinators.combine(Arbitraries.of(Perm.OPEN, Perm.EXECUTE), Arbitraries.of(0, 1000, 1001),
                Arbitraries.of(0, 100, 1000, 2000).set().ofMinSize(1).ofMaxSize(3), Arbitraries.of(EXES),
                Arbitraries.of(PATHS), Arbitraries.of(HASHES.subList(0, 2))).as((perm, uid, gids, exe, path, hash) ->
                Event.of(perm, uid, gids, exe, TRUST.contains(exe), path, "text/plain", TRUST.contains(path), hash));
        return e.list().ofSize(40);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fa-first-match");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
