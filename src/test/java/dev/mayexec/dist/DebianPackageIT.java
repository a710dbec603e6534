package dev.mayexec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package, built by {@code dist/deb/build} from what {@code mvn package} made, extracted
 * into a temporary root: its launcher runs with its own Java runtime and nothing else on the PATH
 * (no Maven, no JDK, no build), and it carries what a server needs (units, logrotate, man pages,
 * completion, the default policy as a conffile).
 */
class DebianPackageIT {
    @TempDir
    static Path tmp;
    static Path root;
    static Path deb;

    @BeforeAll
    static void buildAndExtract() throws Exception {
        Proc built = Proc.run(Path.of("."), Map.of("JAVA_HOME", System.getProperty("java.home")),
                List.of("dist/deb/build", "--no-build")).ok("dist/deb/build");
        deb = Path.of(built.out().strip()).toAbsolutePath();
        assertTrue(deb.getFileName().toString().matches("mayexec_[0-9][^_]*_amd64\\.deb"), deb.toString());
        root = tmp.resolve("root");
        Proc.run(Path.of("."), Map.of(), List.of("dpkg-deb", "-x", deb.toString(), root.toString())).ok("dpkg-deb -x");
    }

    /** Runs the installed launcher with a PATH of nothing but the three tools it uses. */
    private static Proc mayexec(String... args) throws Exception {
        return mayexec(List.of(), args);
    }

    private static Proc mayexec(List<String> env, String... args) throws Exception {
        Path bin = tmp.resolve("bare-bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            for (String tool : List.of("sh", "dirname", "readlink")) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
            }
        }
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/env", "-i", "PATH=" + bin, "HOME=" + tmp));
        command.addAll(env);
        command.add(root.resolve("usr/bin/mayexec").toString());
        command.addAll(List.of(args));
        return Proc.run(tmp, Map.of(), command);
    }

    @Test
    void theInstalledLauncher_runsWithItsOwnRuntime_andNoBuild() throws Exception {
        Proc version = mayexec("--version").ok("mayexec --version");
        BuildInfo build = BuildInfo.current();
        assertTrue(version.out().startsWith("mayexec " + build.version() + " (commit " + build.commit()), version.out());
        assertTrue(version.out().contains(root.resolve("usr/lib/mayexec/runtime").toString()), "its own runtime: " + version.out());
        assertFalse(Files.readString(root.resolve("usr/bin/mayexec")).contains("mvn"), "no build at run time");

        Path policy = root.resolve("etc/mayexec/policy");
        Proc decided = mayexec("decide", "--policy", policy.toString(), "{\"channel\":\"inline\"}",
                "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}");
        assertEquals(4, decided.code(), decided.err());
        List<String> answers = decided.out().lines().toList();
        assertEquals(2, answers.size(), decided.out());
        assertTrue(answers.get(0).startsWith("{\"decision\":\"allow\""), answers.get(0));
        assertTrue(answers.get(1).startsWith("{\"decision\":\"deny\"") && answers.get(1).contains("securebits.deny-interactive"), answers.get(1));
        assertEquals("", decided.err(), "nothing on stderr (no JVM warning)");

        Proc lint = mayexec("lint", "--policy", root.resolve("usr/share/mayexec/policies/example").toString());
        assertEquals(0, lint.code(), lint.out() + lint.err());
        assertTrue(lint.err().contains("0 errors, 0 warnings"), lint.err());
        Proc demo = mayexec("demo").ok("mayexec demo");
        assertTrue(demo.out().contains(" from " + root.resolve("usr/share/mayexec/policies/example")), demo.out());
        assertTrue(demo.out().contains("=> ALLOW") && demo.out().contains("=> DENY"), demo.out());
    }

    @Test
    void theAotCache_madeByATrainingRun_leavesTheAnswersAsTheyWere() throws Exception {
        Path policy = root.resolve("usr/share/mayexec/policies/example");
        String request = "{\"argv\":[\"sh\",\"-c\",\"id\"],\"process\":{\"service\":\"cron.service\",\"exe\":\"/usr/bin/dash\"}}";
        Path aot = root.resolve("usr/lib/mayexec/mayexec.aot");
        Proc without = mayexec("decide", "--policy", policy.toString(), request).ok("decide without the cache");
        // postinst's training run (the JVM reports the cache's making on standard output, which postinst discards)
        mayexec(List.of("MAYEXEC_AOT_OUTPUT=" + aot), "decide", "--policy", policy.toString(), request).ok("training");
        assertTrue(Files.size(aot) > 1_000_000, "an AOT cache was made: " + aot);
        Proc with = mayexec("decide", "--policy", policy.toString(), request).ok("decide with the cache");
        assertEquals(without.out(), with.out());
        assertEquals("", with.err(), "the JVM says nothing about its cache");
        assertTrue(Files.readString(root.resolve("usr/bin/mayexec")).contains("-XX:AOTCache=$lib/mayexec.aot"));
    }

    @Test
    void thePackage_carriesWhatAServerNeeds() throws Exception {
        assertEquals(Files.readString(Path.of("policies/kernel-default/policy.yaml")),
                Files.readString(root.resolve("etc/mayexec/policy/policy.yaml")), "the default policy is kernel-default");
        Proc info = Proc.run(tmp, Map.of(), List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Architecture"))
                .ok("dpkg-deb -f");
        assertTrue(info.out().contains("Package: mayexec") && info.out().contains("Architecture: amd64"), info.out());
        Path control = tmp.resolve("control");
        Proc.run(tmp, Map.of(), List.of("dpkg-deb", "-e", deb.toString(), control.toString())).ok("dpkg-deb -e");
        List<String> conf = Files.readAllLines(control.resolve("conffiles"));
        assertTrue(conf.contains("/etc/mayexec/policy/policy.yaml") && conf.contains("/etc/logrotate.d/mayexec"), conf.toString());

        String service = Files.readString(root.resolve("lib/systemd/system/mayexec.service"));
        assertTrue(service.contains("ExecStart=/usr/bin/mayexec serve --policy /etc/mayexec/policy"), service);
        assertTrue(Files.isRegularFile(root.resolve("lib/systemd/system/mayexec.socket")));
        assertTrue(Files.isRegularFile(root.resolve("etc/logrotate.d/mayexec")));

        for (String page : List.of("mayexec", "mayexec-decide", "mayexec-lint", "mayexec-serve", "mayexec-test")) {
            String roff = gunzip(root.resolve("usr/share/man/man1/" + page + ".1.gz"));
            assertTrue(roff.startsWith(".TH \"" + page.toUpperCase() + "\" 1"), page + ": " + roff.lines().findFirst());
            assertTrue(roff.contains(".SH SYNOPSIS") && roff.contains(".SH OPTIONS"), page);
        }
        String completion = Files.readString(root.resolve("usr/share/bash-completion/completions/mayexec"));
        assertTrue(completion.contains("complete -F") && completion.contains("decide"), "a bash completion for mayexec");
        Proc bashSyntax = Proc.run(tmp, Map.of(), List.of("bash", "-n",
                root.resolve("usr/share/bash-completion/completions/mayexec").toString()));
        assertEquals(0, bashSyntax.code(), bashSyntax.err());
    }

    private static String gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
