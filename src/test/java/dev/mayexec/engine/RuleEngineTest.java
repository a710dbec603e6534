package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
    @TempDir
    Path tmp;

    private static ProcessInfo exe(String exe, String claimed, String service) {
        return new ProcessInfo(null, 0, 0, null, null, service, exe, claimed, null, null, null, null, null, null);
    }

    @Test
    void interpreter_comesFromTheExecutable_notFromTheClaim() {
        Decider mx = TestPolicies.shipped("example");
        Request honest = Request.of(Channel.INLINE, exe("/usr/bin/dash", null, "cron.service"), null);
        Request spoofed = Request.of(Channel.INLINE, exe("/usr/bin/perl", "sh", "cron.service"), null);
        Request noExe = Request.of(Channel.INLINE, exe(null, "sh", "cron.service"), null);
        assertEquals(Decision.Outcome.ALLOW, mx.decide(honest).decision());
        assertTrue(mx.decide(spoofed).denied(), "a claimed interpreter does not override the executable");
        assertEquals(Decision.Outcome.ALLOW, mx.decide(noExe).decision(), "with no executable, the claim is all there is");
    }

    @Test
    void decide_isTotal_anInvalidRequestIsADenyThatSaysWhy() {
        FileInfo relative = new FileInfo("x/../y", null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        Decision d = TestPolicies.shipped("kernel-default").decide(Request.of(Channel.FILE, ProcessInfo.UNKNOWN, relative));
        assertTrue(d.denied());
        assertEquals("request.invalid", d.reasons().getFirst().code());
        assertTrue(d.reasons().getFirst().message().contains("is not absolute"));
    }

    @Test
    void decide_fromManyThreads_givesTheSameAnswers() throws Exception {
        Decider mx = Decider.load(Path.of("policies", "example"));
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = (i % 3 == 0 ? "/tmp/" : i % 3 == 1 ? "/usr/lib/python3/" : "/home/alice/") + "f" + (i % 17) + ".py";
            FileInfo f = new FileInfo(path, dev.mayexec.facts.FileType.REGULAR, 0755, i % 2 == 0 ? 0 : 1000, 0, null, null,
                    null, null, null, new dev.mayexec.facts.MountInfo("/", "ext4", false, false, false), false, null, null,
                    null, null);
            ProcessInfo p = new ProcessInfo(null, 1000, 1000, null, i % 4 == 0 ? "alice" : "bob", null,
                    "/usr/bin/python3.11", null, null, null, null, null, null, null);
            requests.add(Request.of(i % 2 == 0 ? Channel.FILE : Channel.MODULE, p, f));
        }
        List<Decision> sequential = requests.stream().map(r -> TestPolicies.shipped("example").decide(r)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Decision>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> requests.stream().map(mx::decide).map(d -> d.withCached(false)).toList()));
            }
            for (Future<List<Decision>> f : futures) {
                assertEquals(sequential, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(mx.cacheStats().hits() > 0);
    }

    /** A Drools build error is mapped back to the YAML rule that produced the DRL. */
    @Test
    void droolsErrors_areMappedToTheYamlRule() throws PolicyException {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + """

                rules:
                  - id: first
                    effect: deny
                    channels: [file]
                  - id: second
                    effect: deny
                    channels: [inline]
                    when: {user: alice}
                """));
        CompiledPolicy good = Pipeline.runUpTo(dir, Pipeline.Stage.COMPILE).compiled();
        // the compiler never writes a broken constraint; corrupt one to see where Drools's error lands
        CompiledPolicy broken = new CompiledPolicy(good.policy(), good.drl().replace("user == \"alice\"", "user === alice"),
                good.entries(), good.sourceMap(), good.reads(), good.anchors(), good.tables());
        PolicyException e = assertThrows(PolicyException.class, () -> RuleEngine.build(broken));
        Diagnostic d = e.diagnostics().getFirst();
        assertEquals("mx.compile.drools", d.code());
        assertEquals("policy.yaml", d.span().file());
        assertEquals(7, d.span().line(), "the rule `second` starts on line 7: " + d);
        assertTrue(d.message().startsWith("rule `policy.yaml#second` does not build in Drools"), d.message());
    }

    @Test
    void reload_swapsPolicies_andABrokenOneLeavesTheOldInPlace() throws Exception {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n"));
        Decider mx = Decider.load(dir);
        Request inline = Request.of(Channel.INLINE, ProcessInfo.UNKNOWN, null);
        String first = mx.policyHash();
        assertEquals(Decision.Outcome.ALLOW, mx.decide(inline).decision());
        java.nio.file.Files.writeString(dir.resolve("policy.yaml"),
                "name: t\ndefaults: " + TestPolicies.ALL_ALLOW.replace("inline: allow", "inline: deny") + "\n");
        mx.reload();
        assertTrue(mx.decide(inline).denied(), "the new policy decides, not a cached answer of the old one");
        assertEquals(mx.policyHash(), mx.decide(inline).policy());
        String second = mx.policyHash();
        assertTrue(!first.equals(second));
        java.nio.file.Files.writeString(dir.resolve("policy.yaml"), "name: t\ndefaults: {file: nope}\n");
        assertThrows(PolicyException.class, mx::reload);
        assertEquals(second, mx.policyHash(), "a broken policy is rejected; the old one keeps deciding");
        assertTrue(mx.decide(inline).denied());
    }
}
