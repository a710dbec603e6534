package dev.mayexec.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** env(1) between the kernel and the interpreter: what it changes decides what runs and what it reads. */
class EnvCommandTest {
    private static EnvCommand.Result env(Map<String, String> environment, String... args) {
        return EnvCommand.apply(List.of(args), environment, "/w");
    }

    @Test
    void assignmentsUnsetsAndClearing_changeTheEnvironmentTheCommandGets() {
        EnvCommand.Result r = env(Map.of("PERL5OPT", "-Mevil", "HOME", "/home/u"), "-u", "PERL5OPT", "PYTHONSTARTUP=/x.py",
                "python3", "-q");
        assertEquals(List.of("python3", "-q"), r.command());
        assertEquals(Map.of("HOME", "/home/u", "PYTHONSTARTUP", "/x.py"), r.env());
        assertEquals(Map.of("A", "1"), env(Map.of("HOME", "/h"), "-i", "A=1", "sh").env());
        assertEquals(Map.of(), env(Map.of("HOME", "/h"), "-", "sh").env(), "a lone - is -i");
    }

    @Test
    void chdir_movesTheWorkingDirectory_forRelativeScripts() {
        assertEquals("/srv/app", env(Map.of(), "-C", "/srv/app", "python3", "x.py").cwd());
        assertEquals("/w/sub", env(Map.of(), "--chdir=sub", "python3").cwd());
    }

    @Test
    void splitString_asEnvSplitsIt() {
        Map<String, String> e = Map.of("OPTS", "-w");
        assertEquals(List.of("perl", "-w", "-e", "print 'a b'", "x y"),
                EnvCommand.split("perl ${OPTS} -e \"print 'a b'\" x\\_y", e));
        assertEquals(List.of("python3"), EnvCommand.split("python3 # a comment", e));
        assertEquals(List.of("sh"), EnvCommand.split("sh\\c ignored", e));
        assertEquals(List.of("perl", "-w", "./x.pl"), env(e, "-S perl -w", "./x.pl").command(),
                "a #! line passes `-S perl -w` as one word");
    }

    @Test
    void whatEnvWouldRefuse_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> env(Map.of(), "--frobnicate", "sh"));
        assertThrows(IllegalArgumentException.class, () -> env(Map.of(), "-u"));
        assertThrows(IllegalArgumentException.class, () -> EnvCommand.split("sh 'unclosed", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> EnvCommand.split("sh $HOME", Map.of()));
    }

    @Test
    void withoutACommand_envRunsNothing() {
        assertEquals(List.of(), env(Map.of(), "A=1").command());
        assertEquals(List.of(), env(Map.of(), "--version").command());
    }
}
