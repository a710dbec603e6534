package dev.mayexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.json.RequestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library's entry point as a user calls it. */
class MayExecTest {

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void decideLive_collectsFromThisMachine_andKeepsNoDescriptorPerCall() throws Exception {
        MayExec mx = MayExec.load(Path.of("policies/kernel-default"), 0);
        var request = RequestJson.parse("{\"channel\":\"file\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"path\":\"/etc/hostname\"}");
        Decision first = mx.decideLive(request);
        assertNotEquals("facts.unavailable", first.reasons().getFirst().code(), first.toString());
        long before = openDescriptors();
        for (int i = 0; i < 200; i++) assertEquals(first.decision(), mx.decideLive(request).decision());
        long after = openDescriptors();
        assertTrue(after - before < 10, "200 live decisions opened " + (after - before) + " descriptors");
    }
}
