package dev.mayexec;

import dev.mayexec.pipeline.Decider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.collect.LiveFacts;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decide --live} on an invocation: the process's facts first, then each part's file. */
class LiveInvocationTest {
    private static final String POLICY = """
            name: live-invocations
            defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
            rules:
              - id: perl-regular-files
                effect: allow
                channels: [file]
                when: {interpreter: perl, file-type: regular}
            """;

    @TempDir
    Path tmp;

    @Test
    void theRunningInterpretersFacts_andThePartsFiles_areCollected() throws Exception {
        Decider mx = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", POLICY)), 0);
        Path script = Files.writeString(tmp.resolve("job.pl"), "sleep 30;\n").toRealPath();
        Process perl = new ProcessBuilder("/usr/bin/perl", script.toString()).start();
        try {
            ProcessInfo running = new ProcessInfo((int) perl.pid(), null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
            Request inv = Request.invocation(running, List.of("perl", script.toString()), Map.of(), null, null);
            Decision offline = mx.decide(inv);
            assertTrue(offline.denied(), "offline, the file's type is unknown: " + offline);
            Decision live = mx.decide(inv, LiveFacts.system());
            assertEquals(Decision.Outcome.ALLOW, live.decision(), live.toString());
            assertEquals(Channel.FILE, live.parts().getFirst().channel());
            assertEquals(script.toString(), live.parts().getFirst().path());
            assertEquals("perl-regular-files", live.parts().getFirst().decision().reasons().getFirst().rule(),
                    "the script's type was collected with stat, so the rule holds");
        } finally {
            perl.destroy();
        }
    }
}
