package dev.mayexec.pipeline;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.profile.Classification;
import dev.mayexec.profile.Classifier;
import dev.mayexec.profile.Disk;
import dev.mayexec.profile.Invocation;
import dev.mayexec.profile.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides an invocation ({@code argv} without a channel): classifies it with the interpreter's
 * profile, decides each request it amounts to, and combines them. It is allowed only if every part
 * is; the decision lists each part with its own reasons.
 */
final class Invocations {
    /** Decides one part's request (through the cache, after completing its facts). */
    @FunctionalInterface
    interface PartDecider {
        Decision decide(Request part);
    }

    private Invocations() {}

    static Classification classify(RuleEngine e, Disk disk, Request r) {
        ProcessInfo p = r.process();
        FileInfo in = r.stdin();
        Boolean tty = p.stdinTty() != null ? p.stdinTty()
                : in != null && in.type() != null && in.type() != FileType.CHAR ? Boolean.FALSE : null;
        Invocation inv = new Invocation(r.argv(), r.env(), r.cwd(), tty, in == null ? null : in.path(), p.exe(),
                p.exe() == null ? p.interpreter() : null); // the claim counts only when the executable is unknown
        return new Classifier(e.profiles(), disk).classify(inv);
    }

    static Decision decide(RuleEngine e, Disk disk, Request r, PartDecider parts) {
        String hash = e.compiled().policy().hash();
        return switch (classify(e, disk, r)) {
            case Classification.Refused no -> new Decision(Decision.Outcome.DENY, true, null,
                    List.of(new Reason(no.code(), null, null, no.message())), hash, false, List.of());
            case Classification.Parts c -> {
                List<Decision.Part> decided = new ArrayList<>();
                for (Part p : c.parts()) {
                    decided.add(new Decision.Part(p.channel(), p.path(), p.name(), p.via(), parts.decide(request(r, c, p))));
                }
                yield combine(hash, decided);
            }
        };
    }

    /**
     * A part's request: the invocation's process, now running the interpreter that was found (its
     * path when known, else the profile's name), and the file the part reads. Facts about that file
     * come from the invocation's {@code file} when its path is the part's, and {@code stdin}
     * describes standard input.
     */
    static Request request(Request r, Classification.Parts c, Part part) {
        ProcessInfo p = r.process();
        // with the path unknown (found by name), the profile's name is the claim the engine falls back on
        String interpreter = c.exe() != null ? p.interpreter() : c.profile();
        ProcessInfo runs = new ProcessInfo(p.pid(), p.uid(), p.gid(), p.groups(), p.user(), p.service(), c.exe(), interpreter,
                p.parentExe(), p.securebits(), p.capabilities(), p.noNewPrivs(), p.lsmLabel(), p.stdinTty(),
                p.inheritedFds());
        FileInfo f = switch (part.channel()) {
            case STDIN -> r.stdin() != null ? r.stdin() : at(part.path());
            case INTERACTIVE, INLINE, ENVIRONMENT -> null;
            default -> r.file() != null && part.path() != null && part.path().equals(r.file().path()) ? r.file()
                    : at(part.path());
        };
        return new Request(part.channel(), runs, f, r.argv(), r.env());
    }

    private static FileInfo at(String path) {
        return path == null ? null
                : new FileInfo(path, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Allowed only if every part is; the reasons are those of the parts that decided, each naming its part. */
    static Decision combine(String hash, List<Decision.Part> parts) {
        if (parts.isEmpty()) {
            return new Decision(Decision.Outcome.ALLOW, true, null, List.of(new Reason("invocation.no-code", null, null,
                    "the invocation runs no code: it only prints and exits, or has nothing to run")), hash, false, parts);
        }
        List<Decision.Part> enforced = parts.stream().filter(p -> p.decision().denied()).toList();
        List<Decision.Part> audited = parts.stream()
                .filter(p -> p.decision().decision() == Decision.Outcome.DENY && !p.decision().enforced()).toList();
        List<Decision.Part> deciding = new ArrayList<>(enforced);
        deciding.addAll(audited);
        if (deciding.isEmpty()) deciding.addAll(parts);
        List<Reason> reasons = new ArrayList<>();
        for (Decision.Part p : deciding) {
            for (Reason x : p.decision().reasons()) {
                reasons.add(new Reason(x.code(), x.rule(), x.source(), label(p) + ": " + x.message()));
            }
        }
        boolean cached = parts.stream().allMatch(p -> p.decision().cached());
        Decision.Outcome outcome = enforced.isEmpty() && audited.isEmpty() ? Decision.Outcome.ALLOW : Decision.Outcome.DENY;
        return new Decision(outcome, outcome == Decision.Outcome.ALLOW || !enforced.isEmpty(), null, reasons, hash, cached,
                parts);
    }

    private static String label(Decision.Part p) {
        String what = p.path() != null ? " `" + p.path() + "`" : p.name() != null ? " `" + p.name() + "`" : "";
        return p.channel().id() + what + " (" + p.via() + ")";
    }
}
