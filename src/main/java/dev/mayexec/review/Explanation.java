package dev.mayexec.review;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import java.util.List;

/**
 * A readable account of one decision: the request (as JSON, the facts the engine used), the
 * decision, the facts by the names a policy gives them, every rule that matched, the obligations
 * (securebits, the kernel baseline, a {@code kernel:} block), the default when it applied, how
 * deny-overrides combined them into the decision, and for a deny the allow rules that came closest
 * ({@code whyNot}). An invocation's explanation has a {@code parts} entry for each request it
 * amounts to; {@code refused} says why a request could not be judged at all (then most lists are empty).
 */
public record Explanation(String request, Decision decision, List<Fact> facts, List<Matched> matched,
        List<Reason> obligations, Reason defaultApplied, String combined, List<Candidate> whyNot, List<Part> parts,
        String refused) {

    public Explanation {
        facts = List.copyOf(facts);
        matched = List.copyOf(matched);
        obligations = List.copyOf(obligations);
        whyNot = List.copyOf(whyNot);
        parts = parts == null ? null : List.copyOf(parts);
    }

    /**
     * A fact by the name a policy tests it with ({@code path}, {@code file-uid}, {@code securebits},
     * {@code kernel verdict}), its value, and where it came from: {@code given} in the request,
     * {@code collected} from the system, {@code computed} by the engine (the kernel's verdict from the
     * file's facts), or {@code from the exe's profile} (the interpreter).
     */
    public record Fact(String name, String value, String origin) {}

    /** A rule that matched the request: its id, effect, place, scope, and whether its deny is enforced. */
    public record Matched(String rule, String effect, String source, String scope, boolean enforced) {}

    /** An allow rule in scope for the channel, with the conditions that failed on this request (none: it matched). */
    public record Candidate(String rule, String source, List<Failure> failures) {
        public Candidate {
            failures = List.copyOf(failures);
        }
    }

    /** A condition that failed: its key, what it needs, what the request has, and where it is written. */
    public record Failure(String condition, String needs, String has, String source) {}

    /** One request of an invocation, with its own explanation. */
    public record Part(String label, Explanation explanation) {}
}
