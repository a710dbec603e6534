package dev.mayexec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java application that depends on the library as users do (Maven resolves the packaged jar and
 * what it brings; the application logs with logback) and runs on the module path: it decides through
 * the exported API, its own log lines come out, nothing else is printed (no SLF4J provider warning,
 * no {@code sun.misc.Unsafe} warning), the CLI's dependencies do not come along, and a class outside
 * the exported packages does not compile.
 */
class ConsumerProjectIT {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    Path tmp;

    @Test
    void aConsumer_decidesThroughTheExportedApi_withItsOwnLoggingIntact() throws Exception {
        Path jar = Path.of("target", "mayexec.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "mvn package makes " + jar);
        Path repo = tmp.resolve("repo");
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Proc.run(tmp, env, List.of("mvn", "-B", "-q", "-ntp", "install:install-file", "-Dfile=" + jar,
                "-DpomFile=" + Path.of("pom.xml").toAbsolutePath(), "-DlocalRepositoryPath=" + repo)).ok("installing the jar");

        Path app = tmp.resolve("app");
        copy(Path.of("src/test/resources/consumer"), app);
        Path pom = app.resolve("pom.xml");
        // a local repository of its own: the jar comes from the repository under test, never from an
        // older install of the same version in the build's local repository
        Path buildLocal = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Files.writeString(pom, Files.readString(pom).replace("@REPOSITORY@", repo.toUri().toString())
                .replace("@LOCAL@", buildLocal.toUri().toString()).replace("@VERSION@", BuildInfo.current().version()));
        Proc.run(app, env, List.of("mvn", "-B", "-q", "-ntp", "-Dmaven.repo.local=" + tmp.resolve("local"),
                "dependency:build-classpath", "-Dmdep.outputFile=cp.txt")).ok("resolving the consumer's dependencies");
        String modulePath = Files.readString(app.resolve("cp.txt")).strip();
        for (String cliOnly : List.of("picocli", "slf4j-nop", "xstream", "drools-xml-support")) {
            assertFalse(modulePath.contains(cliOnly), cliOnly + " reaches a library user: " + modulePath);
        }

        Path classes = app.resolve("classes");
        Proc.run(app, env, List.of(JAVA.resolve("javac").toString(), "--module-path", modulePath, "-d", classes.toString(),
                "src/module-info.java", "src/org/acme/App.java")).ok("compiling against the exported API");

        Files.copy(app.resolve("src/org/acme/Internal.java.txt"), app.resolve("src/org/acme/Internal.java"));
        Proc internal = Proc.run(app, env, List.of(JAVA.resolve("javac").toString(), "--module-path", modulePath, "-d",
                tmp.resolve("internal").toString(), "src/module-info.java", "src/org/acme/Internal.java"));
        assertNotEquals(0, internal.code(), "a class outside the exported packages compiled");
        assertTrue(internal.err().contains("dev.mayexec.pipeline") && internal.err().contains("not visible")
                || internal.err().contains("does not export"), internal.err());

        Proc run = Proc.run(app, env, List.of(JAVA.resolve("java").toString(), "--module-path",
                modulePath + ":" + classes, "-m", "org.acme/org.acme.App",
                Path.of("policies", "example").toAbsolutePath().toString())).ok("running the consumer");
        List<String> out = run.out().lines().toList();
        assertTrue(out.contains("built: ALLOW alice-own-scripts"), run.out());
        assertTrue(out.contains("parsed: DENY default.deny"), run.out());
        // logback's default console format: time [thread] LEVEL logger - message
        assertTrue(out.stream().anyMatch(l -> l.contains("INFO org.acme.App -- acme: loading the policy")), run.out());
        assertTrue(out.stream().anyMatch(l -> l.contains("acme: decided, cache CacheStats[")), run.out());
        List<String> noise = new ArrayList<>(run.err().lines().filter(l -> !l.isBlank()).toList());
        assertEquals(List.of(), noise, "nothing on standard error: no SLF4J warning, no Unsafe warning");
        assertFalse(run.out().contains("SLF4J") || run.out().contains("WARNING"), run.out());
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }
}
