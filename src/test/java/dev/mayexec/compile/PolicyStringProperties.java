package dev.mayexec.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.MayExec;
import dev.mayexec.Reason;
import dev.mayexec.TestPolicies;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 11, finding 1: no policy string may become code. DRL and Java metacharacters (and payloads
 * that would create a file or exit the JVM if they ran) go into one string field of a policy at a
 * time; the policy must then either be refused with located diagnostics, or load and decide a fixed
 * set of requests exactly as the same policy with a plain value there does (the requests carry the
 * value too, so a value must also stay the value). Nothing may run.
 */
class PolicyStringProperties {
    /** The plain value each field has when it is not under test. */
    private static final String PLAIN = "zz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static Path marker;
    private static MayExec plain;
    private static final Map<String, Decision> PLAIN_ANSWERS = new LinkedHashMap<>();

    /** A string field of a policy: how a value is written in it, from the part under test. */
    record Field(String name, UnaryOperator<String> value) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The fields: a name, then the value around the part under test ({@code |}). A value starting
     * with {@code =} is a word (an effect, a channel), whose plain value is the word alone.
     */
    private static final List<Field> FIELDS = """
            name pol|
            description about |
            version 1.|
            mode =enforce|
            effect =|allow
            channel =inline|
            capability =setuid|
            attribute =user|
            set-name people|
            set-member m|
            rule-id r|
            message no |
            service s|.service
            lsm-label l:|
            fstype f|
            sha256 |d
            path /opt/e|
            under /opt/u|
            glob /opt/g/*|
            exe /usr/bin/x|
            unless-user un|
            scope-service scoped|.service
            scope-user su|
            interpreter tool|
            executable /usr/bin/tool|
            option -q|
            option-pattern [0-7]*|
            code-pattern -agent:(.+)|
            variable TOOL_|
            stdin-word -|
            builtin-script B|
            module-file {}|.t
            end-of-options --|
            """.lines().map(PolicyStringProperties::field).toList();

    private static Field field(String line) {
        String name = line.substring(0, line.indexOf(' '));
        String around = line.substring(name.length() + 1);
        boolean word = around.startsWith("=");
        String before = around.substring(word ? 1 : 0, around.indexOf('|'));
        String after = around.substring(around.indexOf('|') + 1);
        return new Field(name, x -> word && x.equals(PLAIN) ? before + after : before + x + after);
    }

    private static final List<String> FRAGMENTS = List.of("\n", "\r", "\r\n", "\"", "'", "*/", "/*", "//", "$", "\\",
            "end", "then", "rule", " when ", "\u2028", "\u2029", "\0", "\t", "\u202e", "é", "日本", "\ud83d\ude00", "@{action}",
            "@{constraints}", "${x}", " ", "#", ":", "{", "}", "[", "]", ",", "&", "*", "?", "!", "|", ">", "%", "`", "(",
            ")", "==", "\\u0022", "\\n", "\"); java.lang.System.exit(7); //", "\" || true || \"");

    @BeforeContainer
    static void plainPolicy() throws Exception {
        root = Files.createTempDirectory("policy-strings");
        marker = root.resolve("ran");
        plain = MayExec.load(write(null, PLAIN), 0);
        for (String r : requests(null, PLAIN)) PLAIN_ANSWERS.put(r, plain.decide(parse(r)));
    }

    @AfterContainer
    static void noTrace() {
        assertFalse(Files.exists(marker), "an injected payload ran");
    }

    /** A payload: a few metacharacters, or code that would leave a trace if it ran. */
    @Provide
    Arbitrary<String> payloads() {
        String createFile = "java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + marker + "\"));";
        List<String> all = new ArrayList<>(FRAGMENTS);
        all.add("\nrule pwn when then " + createFile + " end\n");
        all.add("x\") ) then " + createFile + " end rule y when Query( user == \"x");
        return Arbitraries.of(all).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<Field> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Property(tries = 120)
    void aPolicyString_isRefusedWhereItStands_orStaysAValue(@ForAll("fields") Field field, @ForAll("payloads") String payload)
            throws Exception {
        Statistics.label("outcome").coverage(c -> {
            c.check("loaded").percentage(p -> p >= 10); // the payloads must not all be refused, or nothing is compared
            c.check("refused").percentage(p -> p >= 10);
        });
        Path dir = write(field, payload);
        MayExec hostile;
        try {
            hostile = MayExec.load(dir, 0);
        } catch (PolicyException e) {
            Statistics.label("outcome").collect("refused");
            List<Diagnostic> errors = e.diagnostics().stream().filter(Diagnostic::isError).toList();
            assertFalse(errors.isEmpty(), e.diagnostics().toString());
            for (Diagnostic d : errors) {
                assertTrue(d.span().line() >= 1 && !d.span().file().equals("."), "not located: " + d);
                assertTrue(d.message().chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029),
                        "the message echoes a control character: " + d);
            }
            return;
        } finally {
            assertFalse(Files.exists(marker), "an injected payload ran");
        }
        Statistics.label("outcome").collect("loaded");
        List<String> plainRequests = requests(null, PLAIN);
        List<String> hostileRequests = requests(field, payload);
        for (int i = 0; i < plainRequests.size(); i++) {
            assertEquals(summary(PLAIN_ANSWERS.get(plainRequests.get(i))), summary(hostile.decide(parse(hostileRequests.get(i)))),
                    "request " + hostileRequests.get(i));
        }
        assertFalse(Files.exists(marker), "an injected payload ran");
    }

    /** What must not change: the outcome and the reason codes, of the decision and of each part. */
    private static String summary(Decision d) {
        String reasons = d.reasons().stream().map(Reason::code).collect(Collectors.joining(","));
        String parts = d.parts() == null ? "" : d.parts().stream()
                .map(p -> p.channel() + ":" + summary(p.decision())).collect(Collectors.joining(";", " [", "]"));
        return d.decision() + (d.enforced() ? "" : "(audit)") + " " + reasons + parts;
    }

    /** Every field's value, plain but for {@code field}, whose value holds {@code payload}. */
    private static Map<String, String> values(Field field, String payload) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Field f : FIELDS) v.put(f.name(), f.value().apply(f == field ? payload : PLAIN));
        return v;
    }

    private static Path write(Field field, String payload) {
        Map<String, String> v = values(field, payload);
        Map<String, String> q = new LinkedHashMap<>();
        v.forEach((k, s) -> q.put(k, DrlInjectionTest.yamlQuoted(s)));
        return TestPolicies.write(root, Map.of(
                "policy.yaml", """
                        name: %s
                        description: %s
                        version: %s
                        mode: %s
                        defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: allow, environment: deny}
                        sets:
                          %s: {type: users, values: [alice, %s]}
                          dirs: {type: paths, values: [{under: /srv}, %s, {under: %s}, {glob: %s}]}
                        rules:
                          - id: %s
                            effect: allow
                            channels: [file]
                            when: {user: {set: %s}, path: {set: dirs}}
                            message: %s
                          - id: by-service
                            effect: %s
                            channels: [%s]
                            when: {service: [web.service, %s]}
                          - id: by-label
                            effect: allow
                            channels: [module]
                            when: {lsm-label: %s, fstype: [ext4, %s], capability: [%s]}
                          - id: by-digest
                            effect: allow
                            channels: [library]
                            when: {sha256: [%s], exe: [/usr/bin/x, %s], %s: [bob, carol]}
                          - id: no-tmp
                            effect: deny
                            channels: all
                            when: {path: {under: /tmp}}
                            unless:
                              - {user: [nobody, %s]}
                        """.formatted(q.get("name"), q.get("description"), q.get("version"), q.get("mode"),
                        q.get("set-name"), q.get("set-member"), q.get("path"), q.get("under"), q.get("glob"),
                        q.get("rule-id"), q.get("set-name"), q.get("message"), q.get("effect"), q.get("channel"),
                        q.get("service"), q.get("lsm-label"), q.get("fstype"), q.get("capability"), q.get("sha256"),
                        q.get("exe"), q.get("attribute"), q.get("unless-user")),
                "services/s.yaml", """
                        service: %s
                        rules:
                          - {id: scoped-service, effect: deny, channels: [inline]}
                        """.formatted(q.get("scope-service")),
                "users/u.yaml", """
                        user: %s
                        rules:
                          - {id: scoped-user, effect: deny, channels: [file]}
                        """.formatted(q.get("scope-user")),
                "interpreters/tool.yaml", """
                        interpreter: %s
                        executables: [%s]
                        options:
                          -q: flag
                          %s: flag
                          -O: {arg: optional, pattern: %s}
                          -J: {arg: attached, code: library, code-pattern: %s}
                          -m: {arg: required, code: module}
                        environment:
                          TOOL_CODE: environment
                          %s: config
                        stdin-word: %s
                        builtin-scripts: [%s]
                        module-files: [%s]
                        end-of-options: [%s]
                        rules:
                          - {id: tool-files, effect: allow, channels: [file, config], when: {path: {under: /srv/tool}}}
                        """.formatted(q.get("interpreter"), q.get("executable"), q.get("option"), q.get("option-pattern"),
                        q.get("code-pattern"), q.get("variable"), q.get("stdin-word"), q.get("builtin-script"),
                        q.get("module-file"), q.get("end-of-options"))));
    }

    /** The fixed requests, as JSON lines; those that name a field's value carry it as the policy writes it. */
    private static List<String> requests(Field field, String payload) {
        Map<String, String> v = values(field, payload);
        List<ObjectNode> out = new ArrayList<>();
        out.add(request("file", Map.of("user", v.get("set-member")), Map.of("path", "/srv/x.py")));
        out.add(request("file", Map.of("user", "alice"), Map.of("path", v.get("path"))));
        out.add(request("file", Map.of("user", "alice"), Map.of("path", v.get("under") + "/f")));
        out.add(request("file", Map.of("user", "alice"), Map.of("path", v.get("glob").replace("*", "a"))));
        out.add(request("file", Map.of("user", "bob"), Map.of("path", "/srv/x.py")));
        out.add(request("file", Map.of("user", v.get("unless-user")), Map.of("path", "/tmp/x")));
        out.add(request("file", Map.of("user", v.get("scope-user")), Map.of("path", "/srv/x.py")));
        out.add(request("inline", Map.of("service", v.get("service")), Map.of()));
        out.add(request("inline", Map.of("service", v.get("scope-service")), Map.of()));
        out.add(request("inline", Map.of("service", "other.service"), Map.of()));
        out.add(request("module", Map.of("lsm_label", v.get("lsm-label")), Map.of("mount", Map.of("fstype", v.get("fstype")))));
        out.add(request("library", Map.of("exe", v.get("exe"), "user", "carol"), Map.of("sha256", v.get("sha256"))));
        out.add(request("library", Map.of("exe", "/usr/bin/x", "user", "dave"), Map.of("sha256", v.get("sha256"))));
        String tool = v.get("executable");
        out.add(invocation(tool, List.of(tool, v.get("option"), "/srv/tool/s"), Map.of(v.get("variable"), "/srv/tool/rc")));
        out.add(invocation(tool, List.of(tool, v.get("end-of-options"), "/srv/tool/s"), Map.of("TOOL_CODE", "x")));
        out.add(invocation(tool, List.of(tool, "-q", v.get("stdin-word")), Map.of()));
        out.add(invocation(tool, List.of(tool, v.get("builtin-script")), Map.of()));
        out.add(invocation(tool, List.of(tool, "-q", "/tmp/s"), Map.of()));
        return out.stream().map(ObjectNode::toString).toList();
    }

    private static ObjectNode request(String channel, Map<String, Object> process, Map<String, Object> file) {
        ObjectNode r = JSON.createObjectNode().put("channel", channel);
        r.set("process", JSON.valueToTree(process));
        if (!file.isEmpty()) r.set("file", JSON.valueToTree(file));
        return r;
    }

    private static ObjectNode invocation(String exe, List<String> argv, Map<String, String> env) {
        ObjectNode r = JSON.createObjectNode();
        r.set("argv", JSON.valueToTree(argv));
        r.set("env", JSON.valueToTree(env));
        r.put("cwd", "/srv/tool");
        r.set("process", JSON.createObjectNode().put("exe", exe).put("stdin_tty", false));
        return r;
    }

    private static Request parse(String line) {
        try {
            return RequestJson.parse(line);
        } catch (RequestException e) {
            throw new AssertionError("the request does not parse: " + line, e);
        }
    }
}
