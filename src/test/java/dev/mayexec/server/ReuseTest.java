package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mayexec.TestPolicies;
import dev.mayexec.engine.Query;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a decision may depend on and still be given to the client to reuse: the client's own facts, nothing else. */
class ReuseTest {
    @Test
    void theProcessesOwnFacts_becomeWhatTheClientCompares() {
        assertEquals(List.of("securebits"), Reuse.checks(Set.of("channel", "fileChannel", "restrictFile", "denyInteractive"), false));
        assertEquals(List.of("cgroup", "groups", "ids", "securebits"),
                Reuse.checks(Set.of("channel", "restrictFile", "uid", "gid", "gids", "service", "exe", "interpreter"), false));
    }

    @Test
    void anyOtherField_makesTheAnswerOneToAskAgain() {
        List<String> reusable = List.of("channel", "fileChannel", "restrictFile", "denyInteractive", "uid", "gid", "gids",
                "service", "exe", "interpreter");
        List<String> others = Arrays.stream(Query.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(f -> !reusable.contains(f)).toList();
        assertEquals(27, others.size(), "every other query field: " + others);
        for (String f : others) {
            assertNull(Reuse.checks(Set.of("channel", f), false), f + " is not the client's to see");
            if (!f.equals("user")) assertNull(Reuse.checks(Set.of("channel", f), true), f + " is not the client's to see");
        }
        assertNull(Reuse.checks(null, true), "a decision the policy deciding now did not make");
    }

    @Test
    void aPolicyThatReadsNoFactOfAProcess_needsNoneCollected_anyOtherDoes() {
        assertEquals(false, new Reuse(TestPolicies.shipped("kernel-default"), false, true).readsTheProcess(),
                "it reads the securebits alone");
        assertEquals(true, new Reuse(TestPolicies.shipped("example"), false, true).readsTheProcess(),
                "it reads users, services, executables");
    }

    @Test
    void theUserName_isReusableOnlyWhileTheDaemonAnnouncesChangesOfPasswd() {
        assertNull(Reuse.checks(Set.of("channel", "user"), false));
        assertEquals(List.of("ids"), Reuse.checks(Set.of("channel", "user"), true), "the name is the uid's");
    }
}
