package dev.mayexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.json.RequestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in docs/POLICY.md is a test. An example starts at {@code <!-- example: NAME -->}
 * (or {@code <!-- example: NAME error: CODE -->} for a policy that must fail with that code); its
 * fenced blocks {@code ```yaml FILE} are the policy's files, and a {@code ```jsonl requests} block
 * lists requests with the decision they must get.
 */
class PolicyDocTest {
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: ([a-z-]+)(?: error: ([a-z.-]+))? -->");
    private static final Pattern BLOCK = Pattern.compile("```(yaml|jsonl) (\\S+)\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    record Example(String name, String error, Map<String, String> files, List<String> requests) {}

    static List<Example> examples() throws Exception {
        String doc = Files.readString(Path.of("docs", "POLICY.md"));
        List<Example> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(doc);
        List<int[]> starts = new ArrayList<>();
        List<Matcher> heads = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            heads.add(EXAMPLE.matcher(doc.substring(m.start(), m.end())));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : doc.length();
            String body = doc.substring(starts.get(i)[1], end);
            int nextHeading = body.indexOf("\n## ");
            if (nextHeading >= 0) body = body.substring(0, nextHeading);
            Matcher head = heads.get(i);
            head.find();
            Map<String, String> files = new LinkedHashMap<>();
            List<String> requests = new ArrayList<>();
            Matcher b = BLOCK.matcher(body);
            while (b.find()) {
                if (b.group(1).equals("yaml")) {
                    files.put(b.group(2), b.group(3));
                } else {
                    b.group(3).lines().filter(l -> !l.isBlank()).forEach(requests::add);
                }
            }
            out.add(new Example(head.group(1), head.group(2), files, requests));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> policyDocExamples() throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 8, "docs/POLICY.md has " + examples.size() + " examples");
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> check(e)));
    }

    private static void check(Example e) throws Exception {
        assertFalse(e.files().isEmpty(), e.name() + " has no policy file");
        Path dir = TestPolicies.write(tmp, e.files());
        if (e.error() != null) {
            PolicyException ex = assertThrows(PolicyException.class, () -> MayExec.load(dir));
            assertEquals(e.error(), ex.diagnostics().getFirst().code(), ex.diagnostics().toString());
            return;
        }
        MayExec mx = MayExec.load(dir, 0);
        int n = 0;
        for (String line : e.requests()) {
            n++;
            JsonNode ex = JSON.readTree(line);
            Decision d = mx.decide(RequestJson.parse(JSON.writeValueAsString(ex.get("request"))));
            String got = d.decision() == Decision.Outcome.ALLOW ? "allow" : d.enforced() ? "deny" : "audit";
            assertEquals(ex.get("want").asText(), got, e.name() + " request " + n + ": " + d.reasons());
            if (ex.has("want_reasons")) {
                List<String> want = new ArrayList<>();
                ex.get("want_reasons").forEach(r -> want.add(r.asText()));
                assertEquals(want, d.reasons().stream().map(r -> r.rule() == null ? r.code() : r.code() + ":" + r.rule())
                        .toList(), e.name() + " request " + n);
            }
        }
    }
}
