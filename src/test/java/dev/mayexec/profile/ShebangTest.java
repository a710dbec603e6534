package dev.mayexec.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.load.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code #!} lines as Linux reads them, and who they may and may not decide: a {@code #!} line says
 * which program the kernel starts for {@code ./x}, never which profile applies to a file that an
 * interpreter is told to run.
 */
class ShebangTest {
    private static final Profiles SHIPPED = Profiles.of(List.of(), new PolicyLoader(new Diagnostics()).shipped());

    private static Shebang parse(String line) {
        return Shebang.parse(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static Classification classify(Disk disk, Invocation inv) {
        return new Classifier(SHIPPED, disk).classify(inv);
    }

    private static Invocation argv(String... argv) {
        return new Invocation(List.of(argv), Map.of(), "/w", null, null, null, null);
    }

    /* ------- the line ------- */

    @Test
    void line_interpreterAndOneOptionalArgument_asTheKernelSplitsIt() {
        assertEquals(new Shebang("/usr/bin/python3", null), parse("#!/usr/bin/python3\nprint(1)\n"));
        assertEquals(new Shebang("/usr/bin/env", "python3"), parse("#! /usr/bin/env python3  \n"));
        assertEquals(new Shebang("/usr/bin/env", "-S perl -w -Mstrict"), parse("#!/usr/bin/env -S perl -w -Mstrict\n"),
                "everything after the interpreter is one argument");
        assertEquals(new Shebang("/bin/sh", null), parse("#!/bin/sh"), "a file without a newline ends the line");
        assertEquals(new Shebang("/usr/bin/python3\r", null), parse("#!/usr/bin/python3\r\n"),
                "a carriage return is part of the name, as for the kernel (which then finds no such file)");
        assertEquals(Optional.empty(), Shebang.parse("print(1)\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void line_thatTheKernelRefuses_isAnError() {
        assertThrows(IllegalArgumentException.class, () -> parse("#!   \n"));
        String longName = "#!/" + "a".repeat(300) + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(longName));
        assertTrue(e.getMessage().contains("cuts the interpreter's path"), e.getMessage());
        assertEquals("/bin/sh", parse("#!/bin/sh -x" + " ".repeat(300)).interpreter(),
                "a long argument is cut, but the name ended in time");
    }

    /* ------- what the kernel runs ------- */

    @Test
    void script_runsTheInterpreterOfItsLine_withTheScriptAsItsOperand() {
        Disk disk = Disk.of(Map.of("/w/x.py", "#!/usr/bin/python3 -E\nprint(1)\n"));
        Classification.Parts c = (Classification.Parts) classify(disk, argv("./x.py", "arg"));
        assertEquals("python3", c.profile());
        assertEquals("/usr/bin/python3", c.exe());
        assertEquals(List.of(new Part(dev.mayexec.facts.Channel.FILE, "/w/x.py", null, "script `./x.py`")), c.parts());
    }

    @Test
    void envLine_findsTheCommandOnPath_andAppliesAssignmentsAndSplitStrings() {
        Disk disk = Disk.of(Map.of(
                "/w/x.pl", "#!/usr/bin/env -S PERL5OPT=-Mstrict perl -w\n",
                "/usr/bin/perl", "(an ELF file)"));
        Classification.Parts c = (Classification.Parts) classify(disk, argv("./x.pl"));
        assertEquals("/usr/bin/perl", c.exe());
        assertEquals("environment PERL5OPT; file /w/x.pl", ProfileTableTest.render(c));
    }

    @Test
    void envLine_runsWhatPathFinds_soAnInterpreterOutsideTheProfiles_isNoInterpreterOfThem() {
        // the user's own PATH puts a program named python3 first: it, not /usr/bin/python3, runs
        Disk disk = Disk.of(Map.of(
                "/w/x.py", "#!/usr/bin/env python3\n",
                "/home/eve/bin/python3", "#!/bin/sh\nexec /tmp/payload\n",
                "/usr/bin/python3", "(an ELF file)"));
        Invocation inv = new Invocation(List.of("./x.py"), Map.of("PATH", "/home/eve/bin:/usr/bin"), "/w", null, null, null,
                null);
        Classification.Parts c = (Classification.Parts) classify(disk, inv);
        assertEquals("sh", c.profile(), "eve's python3 is a shell script; the shell runs it, with its own profile");
        assertEquals("file /home/eve/bin/python3", ProfileTableTest.render(c));
    }

    @Test
    void lineNamingAPathNoProfileHas_isAnUnknownInterpreter_evenWithAnInterpretersName() {
        Disk disk = Disk.of(Map.of("/w/x.py", "#!/tmp/python3\n", "/tmp/python3", "\u007fELF"));
        Classification.Refused r = (Classification.Refused) classify(disk, argv("./x.py"));
        assertEquals("profile.unknown-interpreter", r.code());
        assertTrue(r.message().contains("`/tmp/python3`"), r.message());
    }

    @Test
    void scriptsThatRunScripts_stopAtTheKernelsLimit() {
        Disk disk = Disk.of(Map.of("/w/a", "#!/w/b\n", "/w/b", "#!/w/c\n", "/w/c", "#!/w/d\n", "/w/d", "#!/w/e\n",
                "/w/e", "#!/bin/sh\n"));
        assertEquals("profile.shebang-loop", ((Classification.Refused) classify(disk, argv("./a"))).code());
        Disk loop = Disk.of(Map.of("/w/a", "#!/w/a\n"));
        assertEquals("profile.shebang-loop", ((Classification.Refused) classify(loop, argv("./a"))).code());
    }

    /* ------- anti-spoofing ------- */

    @Test
    void aLineInTheScriptAnInterpreterIsGiven_isNeverRead() {
        // evil.py claims to be Python, but bash is told to run it: bash's profile applies
        Disk liar = new Disk() {
            @Override
            public Optional<byte[]> head(String path, int max) {
                throw new AssertionError("read " + path + " for a #! line");
            }

            @Override
            public boolean isFile(String path) {
                return path.equals("/w/evil.py");
            }

            @Override
            public boolean isExecutable(String path) {
                return false;
            }
        };
        Classification.Parts c = (Classification.Parts) classify(liar, argv("bash", "evil.py"));
        assertEquals("bash", c.profile());
        assertEquals("file /w/evil.py", ProfileTableTest.render(c));
    }

    @Test
    void theRunningExecutable_picksTheProfile_whateverArgvAndTheLineSay() {
        Disk disk = Disk.of(Map.of("/w/x.py", "#!/usr/bin/python3\n"));
        Invocation inv = new Invocation(List.of("./x.py", "-c", "id"), Map.of(), "/w", null, null, "/usr/bin/dash", "python3");
        Classification.Parts c = (Classification.Parts) classify(disk, inv);
        assertEquals("sh", c.profile(), "dash runs, so sh's profile reads the arguments");
        assertEquals("inline", ProfileTableTest.render(c));
    }

    /* ------- a real file ------- */

    @Test
    void realScript_onDisk_resolvesThroughEnv(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("tool");
        Files.writeString(script, "#!/usr/bin/env -S perl -w\nprint 1;\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Invocation inv = new Invocation(List.of("./tool"), Map.of("PATH", "/nonexistent:/usr/bin"), dir.toString(), null,
                null, null, null);
        Classification.Parts c = (Classification.Parts) classify(Disk.system(), inv);
        assertEquals("file " + script, ProfileTableTest.render(c));
        assertEquals("perl", c.profile());
        assertEquals("/usr/bin/perl", c.exe(), "env found perl on PATH");
    }
}
