package dev.mayexec.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance baseline: with {@code policies/kernel-default/} (no rules, every default allow),
 * decisions must be exactly the kernel's documented behaviour: the rows of
 * {@code src/test/resources/conformance/kernel-cases.tsv} (see the README there) that concern a file's type, mode, owner or mount
 * (the {@code AT_EXECVE_CHECK} rows), the interpreter rows of the kernel's own shell test, and the
 * channel table of DESIGN.md §3 for all four securebits combinations.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("ruleBases")
class KernelConformanceTest {
    private static final Path CASES = Path.of("src", "test", "resources", "conformance", "kernel-cases.tsv");

    /** The policy's rule base compiled from its DRL, and loaded from a store as a one-off command loads it. */
    record RuleBase(String how, Decider mx) {
        @Override
        public String toString() {
            return how;
        }
    }

    static List<RuleBase> ruleBases() {
        return List.of(new RuleBase("compiled from the DRL", TestPolicies.shipped("kernel-default")),
                new RuleBase("loaded from a store", TestPolicies.shippedFromStore("kernel-default")));
    }

    @Parameter
    RuleBase ruleBase;
    private static final Set<Securebit> RF = Set.of(Securebit.EXEC_RESTRICT_FILE, Securebit.EXEC_RESTRICT_FILE_LOCKED);
    private static final Set<Securebit> DI = Set.of(Securebit.EXEC_DENY_INTERACTIVE, Securebit.EXEC_DENY_INTERACTIVE_LOCKED);

    record Row(String id, String mechanism, String fileType, String noexec, String mode, String owner, String caller,
            String rf, String di, String channel, String expected) {}

    static List<Row> rows() throws IOException {
        assertTrue(Files.exists(CASES), CASES.toAbsolutePath() + " is missing: the tests run from the repository root");
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(CASES);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            out.add(new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]));
        }
        return out;
    }

    /** KS rows: the kernel's check-exec.c fixtures; the file is checked under exec-restrict-file. */
    @Test
    void atExecveCheckRows_matchTheKernel() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Row r : rows()) {
            if (!r.mechanism().equals("AT_EXECVE_CHECK")) continue;
            boolean root = r.caller().startsWith("yes(uid0");
            ProcessInfo p = process(0, 0, root ? null : Set.of(), RF);
            FileInfo f = file(type(r.fileType()), r.mode(), 0, r.noexec().equals("yes"));
            Decision withRf = ruleBase.mx().decide(Request.of(Channel.FILE, p, f));
            String got = withRf.decision() == Decision.Outcome.ALLOW ? "allow" : "deny";
            String want = r.expected().startsWith("allow") ? "allow" : "deny";
            if (!got.equals(want)) mismatches.add(r.id() + ": want " + want + ", got " + got + " " + withRf.reasons());
            Decision without = ruleBase.mx().decide(Request.of(Channel.FILE, process(0, 0, null, Set.of()), f));
            if (without.decision() != Decision.Outcome.ALLOW) mismatches.add(r.id() + ": denied without securebits");
            compared++;
        }
        System.out.println("kernel conformance: compared " + compared + " AT_EXECVE_CHECK rows");
        assertEquals(56, compared, "the AT_EXECVE_CHECK rows of kernel-cases.tsv");
        assertEquals(List.of(), mismatches);
    }

    /** SH rows: the kernel's interpreter test (check-exec-tests.sh) for file, stdin and -c. */
    @Test
    void interpreterRows_matchTheKernelTest() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Row r : rows()) {
            if (!r.mechanism().startsWith("interpreter")) continue;
            Set<Securebit> bits = EnumSet.noneOf(Securebit.class);
            if (r.rf().equals("1")) bits.addAll(RF);
            if (r.di().equals("1")) bits.addAll(DI);
            Request request;
            if (r.channel().startsWith("file(")) {
                request = Request.of(Channel.FILE, process(1000, 1000, null, bits), file(FileType.REGULAR, r.mode(), 1000, false));
            } else if (r.channel().startsWith("stdin(regular")) {
                request = Request.of(Channel.STDIN, process(1000, 1000, null, bits), file(FileType.REGULAR, r.mode(), 1000, false));
            } else if (r.channel().startsWith("stdin(pipe")) {
                request = Request.of(Channel.STDIN, process(1000, 1000, null, bits), file(FileType.FIFO, "0600", 1000, false));
            } else if (r.channel().startsWith("command_string")) {
                request = Request.of(Channel.INLINE, process(1000, 1000, null, bits), null);
            } else {
                continue; // direct_exec: the kernel's own execve, not a question an interpreter asks
            }
            Decision d = ruleBase.mx().decide(request);
            String got = d.decision() == Decision.Outcome.ALLOW ? "allow" : "deny";
            String want = r.expected().startsWith("allow") ? "allow" : "deny";
            if (!got.equals(want)) mismatches.add(r.id() + ": want " + want + ", got " + got + " " + d.reasons());
            compared++;
        }
        System.out.println("kernel conformance: compared " + compared + " interpreter rows");
        assertEquals(24, compared, "the interpreter rows (file, stdin, -c) of kernel-cases.tsv");
        assertEquals(List.of(), mismatches);
    }

    /** DESIGN.md §3: every channel, all four securebits combinations, the kernel check passing or not. */
    @Test
    void channelTable_forEverySecurebitsCombination() {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (boolean rf : new boolean[] {false, true}) {
            for (boolean di : new boolean[] {false, true}) {
                for (Channel ch : Channel.values()) {
                    for (String check : new String[] {"allow", "deny", "EACCES", "ETXTBSY"}) {
                        Set<Securebit> bits = EnumSet.noneOf(Securebit.class);
                        if (rf) bits.add(Securebit.EXEC_RESTRICT_FILE);
                        if (di) bits.add(Securebit.EXEC_DENY_INTERACTIVE);
                        FileInfo f = ch.isFileless() ? null : new FileInfo("/srv/x", FileType.REGULAR, 0755, 1000, 1000,
                                null, null, null, null, null, null, null, null, null, null, check);
                        Decision d = ruleBase.mx().decide(Request.of(ch, process(1000, 1000, null, bits), f));
                        boolean checkFails = !check.equals("allow");
                        boolean wantDeny = switch (ch) {
                            case FILE, MODULE, LIBRARY, CONFIG -> rf && checkFails;
                            case STDIN -> di && checkFails;
                            case INLINE, INTERACTIVE, ENVIRONMENT -> di;
                        };
                        if (d.denied() != wantDeny) {
                            mismatches.add(ch.id() + " rf=" + rf + " di=" + di + " check=" + check + ": got " + d.reasons());
                        }
                        compared++;
                    }
                }
            }
        }
        System.out.println("kernel conformance: compared " + compared + " channel-table cells");
        assertEquals(List.of(), mismatches);
    }

    /** A terminal on stdin always fails the kernel check, so exec-deny-interactive refuses it. */
    @Test
    void stdinTty_isDeniedUnderDenyInteractiveOnly() {
        ProcessInfo tty = new ProcessInfo(null, 1000, 1000, null, null, null, null, null, null, DI, null, null, null, true);
        assertTrue(ruleBase.mx().decide(Request.of(Channel.STDIN, tty, null)).denied());
        ProcessInfo free = new ProcessInfo(null, 1000, 1000, null, null, null, null, null, null, Set.of(), null, null, null, true);
        assertEquals(Decision.Outcome.ALLOW, ruleBase.mx().decide(Request.of(Channel.STDIN, free, null)).decision());
    }

    /** Facts too few to compute the kernel's verdict fail closed when an obligation needs it. */
    @Test
    void missingFacts_failClosedAndNameTheFact() {
        FileInfo noMode = new FileInfo("/srv/x", FileType.REGULAR, null, 1000, 1000, null, null, null, null, null,
                new MountInfo("/", "ext4", false, false, false), null, null, null, null, null);
        Decision d = ruleBase.mx().decide(Request.of(Channel.FILE, process(1000, 1000, null, RF), noMode));
        assertTrue(d.denied());
        assertEquals("kernel.unknown", d.reasons().getFirst().code());
        assertTrue(d.reasons().getFirst().message().contains("file.mode"), d.reasons().getFirst().message());
        Decision withoutObligation = ruleBase.mx().decide(Request.of(Channel.FILE, process(1000, 1000, null, Set.of()), noMode));
        assertEquals(Decision.Outcome.ALLOW, withoutObligation.decision());
    }

    private static ProcessInfo process(int uid, int gid, Set<String> caps, Set<Securebit> bits) {
        return new ProcessInfo(null, uid, gid, List.of(gid), null, null, null, null, null, Set.copyOf(bits), caps, null,
                null, null);
    }

    private static FileInfo file(FileType type, String mode, int owner, boolean noexec) {
        Integer m = mode.matches("[0-7]+") ? Integer.parseInt(mode, 8) : null;
        return new FileInfo("/mnt/test/f", type, m, owner, owner, null, null, null, null, null,
                new MountInfo("/mnt/test", "tmpfs", noexec, false, false), null, null, null, null, null);
    }

    private static FileType type(String t) {
        if (t.startsWith("reg") || t.startsWith("memfd")) return FileType.REGULAR;
        if (t.startsWith("dir")) return FileType.DIRECTORY;
        if (t.startsWith("blk")) return FileType.BLOCK;
        if (t.startsWith("chr")) return FileType.CHAR;
        if (t.startsWith("fifo") || t.startsWith("pipe")) return FileType.FIFO;
        if (t.startsWith("socket")) return FileType.SOCKET;
        throw new AssertionError("unknown file type in kernel-cases.tsv: " + t);
    }
}
