package dev.mayexec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.pipeline.Pipeline;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.profile.Profile;
import dev.mayexec.profile.Profiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interpreter profiles in a policy: their keys, their errors, and how they combine with the shipped ones. */
class ProfileLoaderTest {
    private static final String POLICY = "name: t\ndefaults: " + TestPolicies.ALL_ALLOW + "\n";
    /** The start of interpreters/py.yaml in the error tests; each adds the keys it is about. */
    private static final String PY = "interpreter: py\nexecutables: [/opt/py/bin/python]\n";

    @TempDir
    Path tmp;

    private List<Diagnostic> errors(String file, String text) {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", POLICY, file, text));
        return assertThrows(PolicyException.class, () -> Pipeline.run(dir)).diagnostics();
    }

    private Policy load(Map<String, String> files) throws PolicyException {
        Map<String, String> all = new HashMap<>(files);
        all.put("policy.yaml", POLICY);
        return Pipeline.runUpTo(TestPolicies.write(tmp, all), Pipeline.Stage.CHECK).policy();
    }

    private static void assertMessage(List<Diagnostic> d, String message) {
        assertTrue(d.stream().anyMatch(x -> x.message().equals(message)), "no `" + message + "` in " + d);
    }

    private static Diagnostic find(List<Diagnostic> d, String code) {
        return d.stream().filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + d));
    }

    @Test
    void shippedProfiles_loadWithoutDiagnostics_andClaimNoExecutableTwice() {
        Diagnostics d = new Diagnostics();
        List<ScopeFile> shipped = new PolicyLoader(d).shipped();
        assertEquals(List.of(), d.sorted());
        assertEquals(12, shipped.size());
        Map<String, String> owner = new HashMap<>();
        for (Scope.Interpreter in : Policy.interpreters(shipped)) {
            assertNotNull(in.syntax() != null ? in.syntax() : in.syntaxOf(), in.name() + " says nothing of its syntax");
            in.executables().forEach(p -> {
                String first = owner.putIfAbsent(p.text(), in.name());
                assertTrue(first == null, p.text() + " is claimed by " + first + " and " + in.name());
            });
        }
    }

    @Test
    void unknownProfileKey_isLocated_withDidYouMean() {
        Diagnostic d = find(errors("interpreters/py.yaml", PY + """
                optoins: {-c: flag}
                """), "mx.load.unknown-key");
        assertEquals("interpreters/py.yaml:3:1", d.span().toString());
        assertEquals("did you mean `options`?", d.help());
    }

    @Test
    void badOptionValues_sayWhatIsExpected() {
        List<Diagnostic> d = errors("interpreters/py.yaml", PY + """
                options:
                  -c: {arg: requird, code: inline}
                  -m: flg
                  c: flag
                  -l: {arg: optional, pattern: "[0-7"}
                """);
        assertTrue(d.stream().anyMatch(x -> x.message().equals("unknown value `requird` for `arg` of option `-c`")
                && "did you mean `required`?".equals(x.help())), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().equals("unknown value `flg` for option `-m`")
                && "did you mean `flag`?".equals(x.help())), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.code().equals("mx.load.bad-name") && x.message().contains("`c`")), d.toString());
        assertTrue(d.stream().anyMatch(x -> x.message().equals("pattern `[0-7` of option `-l` is not supported: an unclosed `[` at character 5")),
                d.toString());
    }

    @Test
    void contradictoryOptionKeys_areReported_withTheFix() {
        List<Diagnostic> d = errors("interpreters/py.yaml", PY + """
                options:
                  -c: {code: inline}
                  -e: {program: argument}
                  -s: {arg: required, program: operand, code: inline}
                """);
        Diagnostic noArg = d.stream().filter(x -> x.message().equals("option `-c` takes no argument, so it cannot carry code"))
                .findFirst().orElseThrow(() -> new AssertionError(d.toString()));
        assertEquals("interpreters/py.yaml:4:8", noArg.span().toString());
        assertEquals("write `arg: required` (or `attached`, `optional`)", noArg.help());
        assertMessage(d, "option `-e` gives the program with its argument, but takes none");
        assertTrue(d.stream().anyMatch(x -> x.message().startsWith("option `-s` makes the first operand the program")),
                d.toString());
    }

    @Test
    void borrowingAndWritingASyntax_isOneError() {
        Diagnostic d = find(errors("interpreters/py.yaml", PY + """
                syntax: python3
                options: {-c: flag}
                """), "mx.load.profile");
        assertTrue(d.message().contains("both borrows a syntax with `syntax:` and writes `options`"), d.message());
    }

    @Test
    void borrowingFromNoProfile_suggestsTheName() {
        Diagnostic d = find(errors("interpreters/py.yaml", PY + """
                syntax: pyhton3
                """), "mx.check.unknown-profile");
        assertEquals("interpreters/py.yaml:3:9", d.span().toString());
        assertEquals("did you mean `python3`?", d.help());
    }

    @Test
    void borrowingInACircle_isAnError() {
        Path dir = TestPolicies.write(tmp, Map.of("policy.yaml", POLICY,
                "interpreters/a.yaml", "interpreter: a\nexecutables: [/opt/a]\nsyntax: b\n",
                "interpreters/b.yaml", "interpreter: b\nexecutables: [/opt/b]\nsyntax: a\n"));
        List<Diagnostic> d = assertThrows(PolicyException.class, () -> Pipeline.run(dir)).diagnostics();
        assertEquals(2, d.stream().filter(x -> x.code().equals("mx.check.profile-cycle")).count(), d.toString());
    }

    @Test
    void environmentSpecs_areChecked() {
        List<Diagnostic> d = errors("interpreters/py.yaml", PY + """
                environment:
                  PYSTART: {when: interactive}
                  BAD-NAME: config
                  INIT: {channel: environment, file: init.py}
                """);
        assertMessage(d, "variable `PYSTART` has neither `channel` nor `interactive`");
        assertMessage(d, "environment variable `BAD-NAME` is not a valid name");
        assertMessage(d, "`file` of variable `INIT` needs a channel for the file");
    }

    @Test
    void aShippedProfileTakesNoRules() {
        Path shipped = TestPolicies.write(tmp, Map.of("x.yaml",
                "interpreter: x\nexecutables: [/opt/x]\nrules: []\noptions: {-c: flag}\n"));
        Diagnostics d = new Diagnostics();
        new PolicyLoader(d, ShippedProfiles.in(shipped)).shipped();
        Diagnostic rules = d.sorted().getFirst();
        assertEquals("mx.load.unknown-key", rules.code());
        assertEquals("mayexec:interpreters/x.yaml:3:1", rules.span().toString());
    }

    @Test
    void aPolicyProfile_overridesTheShippedOneOfItsName_andInheritsItsSyntax() throws PolicyException {
        Policy p = load(Map.of("interpreters/python3.yaml", "interpreter: python3\nexecutables: [/opt/py/bin/python3]\n"));
        Profiles profiles = Profiles.of(p);
        Profile py = profiles.byName("python3").orElseThrow();
        assertEquals("interpreters/python3.yaml", py.file());
        assertNotNull(py.syntax(), "the shipped python3's syntax applies");
        assertTrue(py.syntax().options().containsKey("-m"));
        assertTrue(profiles.byExecutable("/opt/py/bin/python3").isPresent());
        assertTrue(profiles.byExecutable("/usr/bin/python3").isEmpty(),
                "the overridden shipped profile no longer claims its executables");
        assertEquals("perl", profiles.byExecutable("/usr/bin/perl").orElseThrow().name(), "other shipped profiles remain");
    }

    @Test
    void aPolicyProfile_isConsultedBeforeTheShippedOnes_andCanBorrowASyntax() throws PolicyException {
        Policy p = load(Map.of("interpreters/shells.yaml", "interpreter: shells\nexecutables: [/usr/bin/bash]\nsyntax: sh\n"));
        Profile shells = Profiles.of(p).byExecutable("/usr/bin/bash").orElseThrow();
        assertEquals("shells", shells.name());
        assertTrue(shells.syntax().options().containsKey("-c") && !shells.syntax().options().containsKey("--rcfile"),
                "the syntax is sh's, not bash's");
    }

    @Test
    void aPolicyProfileWithAnotherName_andNoSyntax_hasNone() throws PolicyException {
        Policy p = load(Map.of("interpreters/tool.yaml", "interpreter: tool\nexecutables: [/opt/tool]\n"));
        assertEquals(null, Profiles.of(p).byName("tool").orElseThrow().syntax());
    }

    @Test
    void theShippedProfilesBytes_arePartOfThePolicyHash() throws IOException {
        Path policy = TestPolicies.write(tmp, Map.of("policy.yaml", POLICY));
        Path a = TestPolicies.write(tmp, Map.of("x.yaml", "interpreter: x\nexecutables: [/opt/x]\noptions: {-c: flag}\n"));
        Path b = TestPolicies.write(tmp, Map.of("x.yaml", "interpreter: x\nexecutables: [/opt/x]\noptions: {-c: value}\n"));
        String hashA = new PolicyLoader(new Diagnostics(), ShippedProfiles.in(a)).load(policy).orElseThrow().hash();
        String hashB = new PolicyLoader(new Diagnostics(), ShippedProfiles.in(b)).load(policy).orElseThrow().hash();
        String again = new PolicyLoader(new Diagnostics(), ShippedProfiles.in(a)).load(policy).orElseThrow().hash();
        assertNotEquals(hashA, hashB);
        assertEquals(hashA, again);
        Files.writeString(a.resolve("x.yaml"), "interpreter: x\nexecutables: [/opt/x]\noptions: {-c: flag}\n# a comment\n");
        assertNotEquals(hashA, new PolicyLoader(new Diagnostics(), ShippedProfiles.in(a)).load(policy).orElseThrow().hash(),
                "every byte counts, as for the policy's own files");
    }
}
