package dev.mayexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.BuildInfo;
import dev.mayexec.json.RequestJson;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What users of a command line expect of it: help they can paste, a version that says what it is, colour only where it belongs. */
class CliConventionsTest {

    @Test
    void everyJsonExampleInTheHelp_isAValidRequest_onOneLine() throws Exception {
        Pattern quoted = Pattern.compile("'(\\{[^']*)'?");
        int examples = 0;
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            String help = sub.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (String line : help.lines().toList()) {
                assertTrue(line.length() <= 80, sub.getCommandName() + " help line too wide: " + line);
                Matcher m = quoted.matcher(line);
                while (m.find()) {
                    examples++;
                    assertTrue(line.indexOf('\'', m.start() + 1) > 0, "a JSON example cut by a line end: " + line);
                    RequestJson.parse(m.group(1)); // throws, naming the problem, if pasting it would send an invalid request
                }
            }
        }
        assertTrue(examples >= 2, "the help has JSON examples: " + examples);
    }

    @Test
    void everyCommandsSummary_isOneWholeSentence() {
        // `mayexec --help` lists each command with the first line of its description
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            String[] description = sub.getCommandSpec().usageMessage().description();
            if (sub.getCommandName().equals("help")) continue;
            assertTrue(description.length > 0 && description[0].endsWith("."),
                    sub.getCommandName() + ": the summary in `mayexec --help` is cut: " + String.join(" ", description));
        }
    }

    @Test
    void version_namesTheCommitAndTheBuild() {
        CliTest.Run run = CliTest.run("--version");
        assertEquals(0, run.code());
        BuildInfo b = BuildInfo.current();
        assertTrue(run.out().startsWith("mayexec " + b.version() + " (commit " + b.commit() + ", built " + b.built() + ")"),
                run.out());
        assertTrue(b.commit().matches("[0-9a-f]{12}|unknown"), b.commit());
        assertFalse(b.version().contains("${"), "filtered by the build: " + b);
    }

    @Test
    void decide_takesRequestsAsArguments_andAnswersThemAsItWouldTheirLines() {
        String allowed = "{\"channel\":\"file\"}";
        String denied = "{\"channel\":\"inline\",\"process\":{\"securebits\":[\"exec-deny-interactive\"]}}";
        CliTest.Run run = CliTest.run("decide", "--policy", "policies/kernel-default", allowed, denied);
        assertEquals(4, run.code(), run.err());
        List<String> answers = run.out().lines().toList();
        assertEquals(2, answers.size(), run.out());
        assertTrue(answers.get(0).startsWith("{\"decision\":\"allow\""), answers.get(0));
        assertTrue(answers.get(1).contains("securebits.deny-interactive"), answers.get(1));
        CliTest.Run one = CliTest.run("decide", "--policy", "policies/kernel-default", allowed);
        assertEquals(0, one.code());
        CliTest.Run invalid = CliTest.run("decide", "--policy", "policies/kernel-default", "{\"channel\":");
        assertEquals(4, invalid.code());
        assertTrue(invalid.out().contains("request.invalid"), invalid.out());
        CliTest.Run both = CliTest.run("decide", "--policy", "policies/kernel-default", "--request", "-", allowed);
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
    }

    @Test
    void anArgumentOnSeveralLines_isOneRequest_andANewlineInsideAStringStaysInvalid() {
        CliTest.Run pretty = CliTest.run("decide", "--policy", "policies/kernel-default", "{\n  \"channel\": \"file\"\n}");
        assertEquals(0, pretty.code(), pretty.out());
        assertEquals(1, pretty.out().lines().count(), "one answer for one argument: " + pretty.out());
        // a raw newline in a JSON string is an unescaped control character: not a request about "/tmp/a b"
        CliTest.Run raw = CliTest.run("decide", "--policy", "policies/kernel-default",
                "{\"channel\":\"file\",\"file\":{\"path\":\"/tmp/a\nb\"}}");
        assertEquals(4, raw.code(), raw.out());
        assertTrue(raw.out().contains("request.invalid"), raw.out());
        CliTest.Run explained = CliTest.run("explain", "--policy", "policies/kernel-default",
                "{\"channel\":\"file\",\"file\":{\"path\":\"/tmp/a\nb\"}}");
        assertEquals(2, explained.code(), "explain reads its arguments as decide does: " + explained.err());
    }

    @Test
    void colour_onlyOnATerminal_andNeverWithNoColor() {
        assertTrue(Colours.enabled(Map.of(), true));
        assertFalse(Colours.enabled(Map.of(), false), "a pipe or a file: plain");
        assertFalse(Colours.enabled(Map.of("NO_COLOR", "1"), true), "NO_COLOR wins over a terminal");
        assertTrue(Colours.enabled(Map.of("NO_COLOR", ""), true), "an empty NO_COLOR is not set (no-color.org)");
        assertFalse(Colours.enabled(Map.of("TERM", "dumb"), true));
        String finding = "policy.yaml:3:5: warning[mx.lint.dead-allow]: …\nFAIL  t.yaml:2:5  x\n";
        assertEquals(finding, Colours.paint(finding, false));
        String painted = Colours.paint(finding, true);
        assertTrue(painted.contains(": \u001B[1;33mwarning\u001B[0m[mx.lint.dead-allow]"), painted);
        assertTrue(painted.contains("\u001B[1;31mFAIL\u001B[0m  t.yaml"), painted);
        CliTest.Run lint = CliTest.run("lint", "--policy", "policies/example");
        assertFalse(lint.out().contains("\u001B"), "not a terminal here: no escape codes");
    }
}
