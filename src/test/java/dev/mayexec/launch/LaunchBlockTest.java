package dev.mayexec.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Securebit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code launch:} blocks: read with their places, refused with a fix, and added up into a plan per process. */
class LaunchBlockTest {
    private static final String HEAD = "name: launch-blocks\ndefaults: " + TestPolicies.ALL_ALLOW + "\n";

    @TempDir
    Path tmp;

    private List<Diagnostic> errors(String launch) {
        Path p = TestPolicies.write(tmp, Map.of("policy.yaml", HEAD + launch));
        return assertThrows(PolicyException.class, () -> Decider.load(p, 0)).diagnostics();
    }

    @Test
    void badBlocks_areRefused_withThePlaceAndTheFix() {
        Diagnostic fd = errors("launch:\n  pass-fds: [listen-fds, 2]\n").getFirst();
        assertEquals("mx.load.bad-value", fd.code());
        assertEquals(4, fd.span().line());
        assertTrue(fd.message().contains("found `2`") && fd.help().contains("0, 1 and 2 always pass"), fd.toString());

        Diagnostic locked = errors("launch:\n  securebits: [exec-restrict-file-locked]\n").getFirst();
        assertTrue(locked.message().contains("`exec-restrict-file-locked`") && locked.message().contains("`lock: true`"),
                locked.toString());
        Diagnostic typo = errors("launch:\n  securebit: [exec-restrict-file]\n").getFirst();
        assertTrue(typo.help() != null && typo.help().contains("securebits"), typo.toString());
        Diagnostic noBits = errors("launch:\n  lock: true\n").getFirst();
        assertTrue(noBits.message().contains("locks securebits but sets none"), noBits.toString());
        Diagnostic yes = errors("launch:\n  no-new-privs: yes\n").getFirst();
        assertTrue(yes.message().contains("must be `true` or `false`"), yes.toString());
    }

    @Test
    void theBlocksOfEveryScopeAProcessIsIn_addUp() throws Exception {
        Path p = TestPolicies.write(tmp, Map.of(
                "policy.yaml", HEAD + "launch: {pass-fds: [5]}\n",
                "services/web.yaml", "service: web.service\nlaunch: {securebits: [exec-restrict-file], pass-fds: [listen-fds]}\n",
                "users/alice.yaml", "user: alice\nlaunch: {securebits: [exec-deny-interactive], lock: true}\n",
                "interpreters/python3.yaml", "interpreter: python3\nexecutables: [/usr/bin/python3*]\nlaunch: {no-new-privs: true}\n"));
        Decider mx = Decider.load(p, 0);
        LaunchPlan web = LaunchPlan.of(mx.policy(), process("web.service", "bob"), "sh");
        assertEquals(Set.of(Securebit.EXEC_RESTRICT_FILE), web.securebits());
        assertFalse(web.lock());
        assertEquals(Set.of(5), web.fds());
        assertTrue(web.listenFds());
        assertFalse(web.noNewPrivs());
        assertEquals(0x100, web.securebitsValue(0));

        LaunchPlan alice = LaunchPlan.of(mx.policy(), process("web.service", "alice"), "python3");
        assertEquals(Set.of(Securebit.EXEC_RESTRICT_FILE, Securebit.EXEC_DENY_INTERACTIVE), alice.securebits());
        assertTrue(alice.noNewPrivs());
        assertEquals(0xf00, alice.securebitsValue(0), "alice's block locks, and the lock covers every bit set");
        assertEquals(List.of("policy.yaml", "interpreters/python3.yaml", "services/web.yaml", "users/alice.yaml"),
                alice.from());

        LaunchPlan other = LaunchPlan.of(mx.policy(), process("cron.service", "bob"), "perl");
        assertEquals(Set.of(), other.securebits());
        assertEquals(0x400, other.securebitsValue(0x400), "bits the process already holds stay");
    }

    private static ProcessInfo process(String service, String user) {
        return new ProcessInfo(1, 1000, 1000, List.of(1000), user, service, null, null, null, null, null, null, null, null);
    }
}
