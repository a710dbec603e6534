package dev.mayexec.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.policy.PathPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the host-aware checks read from a host root: permissions, units, users. */
class HostTest {
    @TempDir
    Path tmp;

    private Path host() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.createDirectories(root.resolve("lib/systemd/system"));
        Files.writeString(root.resolve("lib/systemd/system/getty@.service"), "");
        Path app = Files.createDirectories(root.resolve("opt/app/bin"));
        Files.setPosixFilePermissions(root.resolve("opt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("opt/app"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectories(root.resolve("opt/app/shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path tool = Files.writeString(app.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxrwxr-x"));
        return root;
    }

    @Test
    void writable_findsGroupAndWorldWritablePathsBelowAllowedDirectories() throws Exception {
        Host h = Host.at(host());
        List<PathPattern> w = h.writable(Set.of("/opt/app"));
        assertTrue(w.contains(new PathPattern.Under("/opt/app/shared")), w.toString());
        assertTrue(w.contains(new PathPattern.Exact("/opt/app/bin/tool")), w.toString());
        assertTrue(w.stream().noneMatch(p -> p.text().equals("/opt/app") || p.text().equals("under /opt/app")), w.toString());
        assertTrue(h.hasUnit("getty@tty1.service"), "a template unit covers its instances");
        assertEquals(1000, h.passwd().get("alice"));
    }

    @Test
    void writablePathAllow_withTheHost_reportsWhatTheHostShowsWritable() throws Exception {
        Path root = host();
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: h
                defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
                rules:
                  - id: app
                    effect: allow
                    channels: [file]
                    when:
                      path: {under: /opt/app}
                """));
        List<Diagnostic> without = Pipeline.lint(dir, Linter.standard(LintOptions.DEFAULT)).diagnostics();
        assertEquals(List.of(), without);
        List<Diagnostic> with = Pipeline.lint(dir, Linter.standard(LintOptions.DEFAULT.withHost(root))).diagnostics();
        assertEquals(1, with.size(), with.toString());
        assertEquals("mx.lint.writable-path-allow", with.getFirst().code());
        assertTrue(with.getFirst().message().matches("allow rule `app` lets code run from `/opt/app/(shared/.+|bin/tool)`.*"),
                with.getFirst().message());
    }
}
