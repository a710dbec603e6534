package dev.mayexec;

import dev.mayexec.pipeline.Decider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.profile.Disk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deciding an invocation: every request it amounts to is decided, and it is allowed only if all are. */
class InvocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            name: invocations
            defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: allow, environment: deny}
            rules:
              - id: tools
                effect: allow
                channels: [file, module]
                when: {path: {under: /opt/tools}}
              - id: perl-modules
                effect: allow
                channels: [module]
                when: {interpreter: perl}
            """;
    private static final String AUDITED_USER = """
            user: carol
            mode: audit
            rules:
              - id: carol-no-strict
                effect: deny
                channels: [module]
                when: {interpreter: perl}
            """;

    @TempDir
    static Path tmp;

    private static Decider mx;

    @BeforeAll
    static void load() throws PolicyException {
        mx = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", POLICY, "users/carol.yaml", AUDITED_USER)))
                .withDisk(Disk.none());
    }

    private static ProcessInfo user(String name, String exe) {
        return new ProcessInfo(null, 1000, 1000, null, name, null, exe, null, null, null, null, null, null, null);
    }

    private static Decision decide(ProcessInfo p, String... argv) {
        return mx.decide(Request.invocation(p, List.of(argv), Map.of(), "/opt/tools", null));
    }

    @Test
    void allowedOnlyIfEveryPartIs_andEachPartKeepsItsReasons() {
        Decision allowed = decide(user("alice", null), "perl", "-Mstrict", "run.pl");
        assertEquals(Decision.Outcome.ALLOW, allowed.decision());
        assertNull(allowed.channel(), "an invocation is no one channel");
        assertEquals(List.of("rule.allow:perl-modules", "rule.allow:tools"),
                allowed.parts().stream().map(p -> p.decision().reasons().getFirst().code() + ":"
                        + p.decision().reasons().getFirst().rule()).toList());

        Decision denied = decide(user("alice", null), "perl", "-Mstrict", "-e", "system('id')");
        assertTrue(denied.denied());
        assertEquals(2, denied.parts().size());
        assertEquals(Decision.Outcome.ALLOW, denied.parts().get(0).decision().decision(), "the module alone is fine");
        assertEquals(Channel.INLINE, denied.parts().get(1).channel());
        assertEquals(List.of("default.deny"), denied.reasons().stream().map(Reason::code).toList(),
                "the invocation's reasons are those of the parts that denied it");
        assertTrue(denied.reasons().getFirst().message().startsWith("inline (option `-e`): no rule allows this"),
                denied.reasons().getFirst().message());
    }

    @Test
    void aWouldDenyOfAuditMode_makesAnUnenforcedDeny() {
        Decision d = decide(user("carol", null), "perl", "-Mstrict", "run.pl");
        assertEquals(Decision.Outcome.DENY, d.decision());
        assertFalse(d.enforced(), "only an audited part denied");
        assertEquals("rule.deny", d.reasons().getFirst().code());
        assertEquals("carol-no-strict", d.reasons().getFirst().rule());
    }

    @Test
    void theRunningExecutable_decidesWhichRulesApply_notArgvZero() {
        // perl is told it is sh: sh's syntax would read `-c id` as inline code; perl reads a file `id` after -c
        Decision d = decide(user("alice", "/usr/bin/perl"), "sh", "-c", "id");
        assertEquals(List.of(Channel.FILE), d.parts().stream().map(Decision.Part::channel).toList());
        assertEquals("/opt/tools/id", d.parts().getFirst().path());
    }

    @Test
    void anInvocationThatCannotBeClassified_isDenied_withTheReason() {
        Decision unknownOption = decide(user("alice", null), "python3", "-Q", "x.py");
        assertTrue(unknownOption.denied());
        assertEquals("profile.unknown-option", unknownOption.reasons().getFirst().code());
        assertEquals(List.of(), unknownOption.parts());
        Decision noProfile = decide(user("alice", "/usr/bin/Rscript"), "Rscript", "-e", "system('id')");
        assertTrue(noProfile.denied());
        assertEquals("profile.unknown-interpreter", noProfile.reasons().getFirst().code());
        assertTrue(noProfile.reasons().getFirst().message().contains("`/usr/bin/Rscript`"));
    }

    @Test
    void anInvocationThatRunsNoCode_isAllowed_andSaysSo() {
        Decision d = decide(user("alice", null), "python3", "--version");
        assertEquals(Decision.Outcome.ALLOW, d.decision());
        assertEquals("invocation.no-code", d.reasons().getFirst().code());
        assertEquals(List.of(), d.parts());
    }

    @Test
    void aThirdAskingIsCached_withTheSameAnswer() throws PolicyException {
        Decider cached = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", POLICY))).withDisk(Disk.none());
        Request r = Request.invocation(user("alice", null), List.of("perl", "-Mstrict", "run.pl"), Map.of(), "/opt/tools", null);
        Decision first = cached.decide(r);
        Decision second = cached.decide(r); // asked again: now kept
        Decision third = cached.decide(r);
        assertFalse(first.cached());
        assertFalse(second.cached());
        assertTrue(third.cached());
        assertEquals(first.withCached(true).decision(), third.decision());
        assertEquals(first.parts().size(), third.parts().size());
    }

    @Test
    void json_anInvocationIsArgvWithoutChannel_andItsDecisionListsTheParts() throws Exception {
        Request r = RequestJson.parse("""
                {"argv": ["perl", "-e", "1"], "cwd": "/opt/tools", "process": {"user": "alice"}}""");
        assertTrue(r.isInvocation());
        JsonNode d = JSON.readTree(DecisionJson.write(mx.decide(r)));
        assertEquals("deny", d.get("decision").asText());
        assertTrue(d.get("channel").isNull());
        assertEquals("inline", d.get("parts").get(0).get("channel").asText());
        assertEquals("option `-e`", d.get("parts").get(0).get("via").asText());
        assertEquals("default.deny", d.get("parts").get(0).get("reasons").get(0).get("code").asText());
        JsonNode single = JSON.readTree(DecisionJson.write(mx.decide(RequestJson.parse("{\"channel\": \"inline\"}"))));
        assertFalse(single.has("parts"), "a request with a channel keeps its form");
    }

    @Test
    void json_invocationFieldsAreChecked() {
        assertThrows(RequestException.class, () -> RequestJson.parse("{}"), "neither channel nor argv");
        RequestException relative = assertThrows(RequestException.class,
                () -> RequestJson.parse("{\"argv\": [\"sh\"], \"cwd\": \"home/alice\"}"));
        assertTrue(relative.getMessage().contains("absolute, normalised directory"), relative.getMessage());
        RequestException mixed = assertThrows(RequestException.class,
                () -> RequestJson.parse("{\"channel\": \"file\", \"cwd\": \"/home\"}"));
        assertTrue(mixed.getMessage().contains("leave out `channel`"), mixed.getMessage());
        assertThrows(RequestException.class, () -> RequestJson.parse("{\"argv\": []}"));
    }

    @Test
    void theEngineAlone_refusesAnInvocation_insteadOfFailing() {
        Decision d = mx.engine().decide(Request.invocation(ProcessInfo.UNKNOWN, List.of("sh"), null, null, null));
        assertTrue(d.denied());
        assertEquals("request.invalid", d.reasons().getFirst().code());
    }
}
