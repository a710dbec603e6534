package dev.mayexec.fapolicyd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayexec.fapolicyd.FaRule.Perm;
import dev.mayexec.fapolicyd.FirstMatch.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference evaluator keeps what fapolicyd.rules(5) and 1.1.7's code say. */
class FirstMatchTest {
    private static Verdict decide(String rules, Event e, FaVersion v) {
        RulesReader.Result r = RulesReader.parse(rules, "t.rules", new RulesReader.Names(Map.of(), Map.of()));
        if (!r.ok()) throw new AssertionError(r.diagnostics());
        return FirstMatch.decide(r.rules(), e, v);
    }

    private static Event open(int uid, Set<Integer> gids, String exe, String path) {
        return Event.of(Perm.OPEN, uid, gids, exe, false, path, "text/plain", false, null);
    }

    private static final Event ROOT_CAT = open(0, Set.of(0), "/usr/bin/cat", "/tmp/fa/shebang.py");

    @Test
    void theFirstRuleThatMatchesDecidesAndNoMatchAllows() {
        assertEquals(new Verdict(2, false), decide("allow uid=5 : all\ndeny all : all\nallow all : all", ROOT_CAT, FaVersion.V1_1_7));
        assertEquals(new Verdict(0, true), decide("deny uid=5 : all", ROOT_CAT, FaVersion.V1_1_7));
    }

    @Test
    void permIsOpenWhenAbsent() {
        Event exec = Event.of(Perm.EXECUTE, 0, Set.of(0), "/usr/bin/bash", false, "/tmp/x", "text/plain", false, null);
        assertEquals(new Verdict(0, true), decide("deny all : all", exec, FaVersion.V1_1_7));
        assertEquals(new Verdict(1, false), decide("deny perm=any all : all", exec, FaVersion.V1_1_7));
    }

    @Test
    void aFieldWhoseFactIsUnknownIsSkippedButAnUnknownHashFails() {
        Event unknown = new Event(Perm.OPEN, null, null, null, null, null, null, null, null, null, null, null, null, "/x",
                null, null, null, null);
        assertEquals(new Verdict(1, false), decide("deny uid=5 gid=7 exe=/y : ftype=text/x-python trust=1", unknown,
                FaVersion.V1_1_7));
        assertEquals(new Verdict(0, true), decide("deny all : sha256hash=" + "a".repeat(64), unknown, FaVersion.V1_1_7));
    }

    @Test
    void dirIsARawStringPrefixWithNoPathBoundary() {
        assertEquals(new Verdict(1, false), decide("deny all : dir=/tmp/fa/sh", ROOT_CAT, FaVersion.V1_1_7));
        assertEquals(new Verdict(0, true), decide("deny all : dir=/tmp/fa/sh/", ROOT_CAT, FaVersion.V1_1_7));
    }

    @Test
    void gidMatchesAnyOfTheProcesssGroupsAndValuesAreAlternatives() {
        Event e = open(1000, Set.of(1000, 27), "/usr/bin/cat", "/x");
        assertEquals(new Verdict(1, false), decide("deny gid=5,27 : all", e, FaVersion.V1_1_7));
        assertEquals(new Verdict(0, true), decide("deny gid=5 uid=1000 : all", e, FaVersion.V1_1_7));
    }

    @Test
    void theMacrosNeverMatchIn117AndMatchInCurrent() {
        Event usr = open(0, Set.of(0), "/usr/bin/cat", "/usr/lib/x.so");
        for (String macro : List.of("execdirs", "systemdirs")) {
            assertEquals(new Verdict(0, true), decide("deny all : dir=" + macro, usr, FaVersion.V1_1_7));
            assertEquals(new Verdict(0, true), decide("deny all : dir=" + macro + ",/usr/lib/", usr, FaVersion.V1_1_7),
                    "1.1.7: a path in the macro's directories makes the field fail");
            assertEquals(new Verdict(1, false), decide("deny all : dir=" + macro, usr, FaVersion.CURRENT));
        }
        Event untrusted = open(0, Set.of(0), "/opt/x", "/x");
        assertEquals(new Verdict(0, true), decide("deny exe=untrusted : all", untrusted, FaVersion.V1_1_7));
        assertEquals(new Verdict(1, false), decide("deny exe=untrusted : all", untrusted, FaVersion.CURRENT));
    }
}
