package dev.mayexec;

import dev.mayexec.pipeline.Decider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.profile.Disk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004, "Legitimate calls": {@code ./script.py}, {@code python script.py},
 * {@code python < script.py} and {@code python -m script} must get the same restrictions. Under a
 * policy that treats the channels that carry a file alike, they get the same decision, for the same
 * reason, whether the script is trusted or not. The "untrusted calls" ({@code cat script.py | python},
 * {@code python -c …}, a bare REPL, {@code xargs -a script.py … -- python -c}) cannot be traced to a
 * file, and are told apart from them.
 */
class Seed004EquivalenceTest {
    private static final String POLICY = """
            name: seed-004
            defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
            rules:
              - id: project-code
                effect: allow
                channels: [file, module, library, config, stdin]
                when:
                  path: {under: /home/alice/project}
            """;
    private static final ProcessInfo ALICE =
            new ProcessInfo(4242, 1000, 1000, null, "alice", null, null, null, null, null, null, null, null, null);

    @TempDir
    static Path tmp;

    private static Decider mx;

    @BeforeAll
    static void load() throws PolicyException {
        Disk disk = Disk.of(Map.of(
                "/home/alice/project/script.py", "#!/usr/bin/env python3\nprint('hello')\n",
                "/tmp/drop/script.py", "#!/usr/bin/env python3\nprint('pwned')\n",
                "/usr/bin/python3", "(ELF)",
                "/usr/bin/python", "(ELF)"));
        mx = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", POLICY)), 0).withDisk(disk);
    }

    /** The four legitimate calls of the script in {@code dir}, as a shell runs them there. */
    private static List<Request> legitimate(String dir) {
        FileInfo script = new FileInfo(dir + "/script.py", FileType.REGULAR, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        return List.of(
                Request.invocation(ALICE, List.of("./script.py"), Map.of(), dir, null),
                Request.invocation(ALICE, List.of("python", "script.py"), Map.of(), dir, null),
                Request.invocation(ALICE, List.of("python"), Map.of(), dir, script),          // python < script.py
                Request.invocation(ALICE, List.of("python", "-m", "script"), Map.of(), dir, null));
    }

    private static String summary(Decision d) {
        return d.decision().id() + " " + d.reasons().stream().map(r -> r.code() + ":" + r.rule()).toList();
    }

    @Test
    void theFourLegitimateCalls_ofATrustedScript_areAllAllowed_byTheSameRule() {
        List<Decision> decisions = legitimate("/home/alice/project").stream().map(mx::decide).toList();
        for (Decision d : decisions) {
            assertEquals("allow [rule.allow:project-code]", summary(d), d.toString());
            assertEquals(1, d.parts().size(), d.parts().toString());
            assertEquals("/home/alice/project/script.py", d.parts().getFirst().path(), "each reads the same file");
        }
        assertEquals(List.of(Channel.FILE, Channel.FILE, Channel.STDIN, Channel.MODULE),
                decisions.stream().map(d -> d.parts().getFirst().channel()).toList());
    }

    @Test
    void theFourLegitimateCalls_ofAnUntrustedScript_areAllDenied_forTheSameReason() {
        for (Decision d : legitimate("/tmp/drop").stream().map(mx::decide).toList()) {
            assertTrue(d.denied(), d.toString());
            assertEquals("deny [default.deny:null]", summary(d), d.toString());
            assertEquals("/tmp/drop/script.py", d.parts().getFirst().path());
        }
    }

    @Test
    void theUntrustedCalls_cannotBeTracedToTheFile_andAreDenied() {
        String dir = "/home/alice/project";
        FileInfo pipe = new FileInfo(null, FileType.FIFO, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        ProcessInfo atTerminal = new ProcessInfo(4242, 1000, 1000, null, "alice", null, null, null, null, null, null, null,
                null, true);
        Map<String, Request> calls = Map.of(
                "cat script.py | python", Request.invocation(ALICE, List.of("python"), Map.of(), dir, pipe),
                "python -c \"$(cat script.py)\"", Request.invocation(ALICE, List.of("python", "-c", "print(1)"), Map.of(), dir, null),
                "python (a REPL)", Request.invocation(atTerminal, List.of("python"), Map.of(), dir, null));
        Map<String, Channel> channels = Map.of("cat script.py | python", Channel.STDIN,
                "python -c \"$(cat script.py)\"", Channel.INLINE, "python (a REPL)", Channel.INTERACTIVE);
        calls.forEach((call, request) -> {
            Decision d = mx.decide(request);
            assertTrue(d.denied(), call + ": " + d);
            assertEquals(channels.get(call), d.parts().getFirst().channel(), call);
            assertEquals(null, d.parts().getFirst().path(), call + " names no file");
        });
        // xargs is no interpreter and has no profile: what it hands python cannot be told, so it is refused
        Decision xargs = mx.decide(Request.invocation(ALICE, List.of("/usr/bin/xargs", "-a", "script.py", "-d", "\r", "--",
                "python", "-c"), Map.of(), dir, null));
        assertTrue(xargs.denied());
        assertEquals("profile.unknown-interpreter", xargs.reasons().getFirst().code());
    }
}
