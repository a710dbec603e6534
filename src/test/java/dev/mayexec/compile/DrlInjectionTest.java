package dev.mayexec.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, finding 1: a newline in the policy's {@code name} was written raw into a DRL comment,
 * so the name could add a rule whose Java code ran (as root, in the daemon) and open a block
 * comment that swallowed the real rules, closed again by a {@code *}{@code /} inside an
 * {@code lsm-label} string. No policy string may reach the DRL but as an escaped literal.
 */
class DrlInjectionTest {
    @TempDir
    Path tmp;

    private static final Request EVIL = Request.of(Channel.FILE, ProcessInfo.UNKNOWN,
            new FileInfo("/tmp/evil.py", null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null));

    /** A policy that denies files under /tmp, with {@code name} and one lsm-label as written. */
    private Path policy(String name, String label) {
        return TestPolicies.write(tmp, Map.of("policy.yaml", "name: " + yamlQuoted(name) + "\n" + """
                defaults: {file: allow, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
                rules:
                  - id: no-tmp
                    effect: deny
                    channels: [file]
                    when: {path: {under: /tmp}}
                  - id: z
                    effect: allow
                    channels: [file]
                    when: {lsm-label: %s}
                """.formatted(yamlQuoted(label))));
    }

    @Test
    void newlineInName_injectsNoRule_andIsRefusedWhereItStands() {
        Path marker = tmp.resolve("pwned");
        String name = "x\npackage dev.mayexec.generated;\nimport dev.mayexec.engine.Query;\n"
                + "global dev.mayexec.engine.Hits out;\n"
                + "rule pwn when then java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + marker + "\")); end\n/*";
        Path dir = policy(name, "*/ rule y when eval(true) //");
        Decision d = null;
        List<Diagnostic> errors = List.of();
        try {
            d = MayExec.load(dir, 0).decide(EVIL);
        } catch (PolicyException e) {
            errors = e.diagnostics();
        }
        assertFalse(Files.exists(marker), "the rule injected through the name ran");
        assertEquals(null, d, "a name holding a newline loads: " + d);
        List<Diagnostic> located = errors;
        assertTrue(located.stream().anyMatch(x -> x.code().equals("mx.yaml.bad-character")
                && x.span().file().equals("policy.yaml") && x.span().line() == 1 && x.span().col() == 7
                && x.message().contains("`name`") && x.message().contains("U+000A") && !x.message().contains("\n")
                && x.help() != null), located.toString());
    }

    @Test
    void commentMarkersInAValue_stayInTheValue() throws PolicyException {
        String label = "*/ rule y when eval(true) //";
        MayExec mx = MayExec.load(policy("clean", label), 0);
        assertTrue(mx.decide(EVIL).denied(), "the deny rule is still there");
        Request labelled = Request.of(Channel.FILE, process(label), file("/srv/x.py"));
        Request other = Request.of(Channel.FILE, process("*/"), file("/srv/x.py"));
        assertEquals("z", mx.decide(labelled).reasons().getFirst().rule(), "the label matches itself");
        assertEquals(Decision.Outcome.ALLOW, mx.decide(other).decision(), "the default allows");
        assertEquals("default.allow", mx.decide(other).reasons().getFirst().code(), "rule z matches its label only");
    }

    @Test
    void generatedDrl_holdsNoPolicyTextOutsideItsLiterals() throws PolicyException {
        CompiledPolicy c = Pipeline.runUpTo(policy("x // y /* z", "a */ b"), Pipeline.Stage.COMPILE).compiled();
        assertFalse(c.drl().contains("x // y"), "the name reaches the DRL:\n" + c.drl());
        assertTrue(c.drl().contains("lsmLabel == \"a */ b\""), c.drl());
        assertTrue(c.drl().chars().allMatch(ch -> ch == '\n' || ch >= 0x20 && ch < 0x7f), "the DRL is printable ASCII");
    }

    @Test
    void literal_escapesEverythingButPrintableAscii() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\u2028\\u00E9\\u0000$'\"", Drl.literal("a\"b\\c\n\r\u2028é\0$'"));
    }

    /** A YAML double-quoted scalar holding exactly {@code s}. */
    static String yamlQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static ProcessInfo process(String label) {
        return new ProcessInfo(null, null, null, null, null, null, null, null, null, null, null, null, label, null);
    }

    private static FileInfo file(String path) {
        return new FileInfo(path, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
