package dev.mayexec;

import dev.mayexec.collect.LiveFacts;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Request;
import dev.mayexec.pipeline.Decider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The decision library: load a policy directory once, then {@link #decide} from any number of
 * threads. {@link #reload} compiles the directory again and swaps the new policy in atomically; a
 * policy that fails to compile is rejected and the old one keeps deciding.
 *
 * <pre>{@code
 * MayExec mx = MayExec.load(Path.of("/etc/mayexec/policy"));
 * Decision d = mx.decide(Request.of(Channel.FILE, process, file));
 * if (d.denied()) refuse(d.reasons());
 * }</pre>
 *
 * <p>Requests can be built from the records of {@code dev.mayexec.facts} (their builders) or parsed
 * from the JSON of the daemon's protocol with {@link dev.mayexec.json.RequestJson#parse(String)}.
 */
public final class MayExec {
    /** The default cache size, in decisions. */
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    private final Decider decider;

    private MayExec(Decider decider) {
        this.decider = decider;
    }

    /**
     * Loads, checks, compiles and builds the policy in {@code dir}, with a cache of
     * {@link #DEFAULT_CACHE_SIZE} decisions.
     *
     * @throws PolicyException with every diagnostic, when the policy is invalid
     */
    public static MayExec load(Path dir) throws PolicyException {
        return load(dir, DEFAULT_CACHE_SIZE);
    }

    /**
     * Loads the policy in {@code dir} with a cache of {@code cacheSize} decisions (0 disables it; the
     * answers are the same either way).
     *
     * @throws PolicyException with every diagnostic, when the policy is invalid
     */
    public static MayExec load(Path dir, long cacheSize) throws PolicyException {
        return new MayExec(Decider.load(dir, cacheSize));
    }

    /**
     * Decides a request, or an invocation (a request with {@code argv} and no channel): the
     * interpreter's profile turns its {@code argv}, {@code env} and standard input into the requests
     * it amounts to, and it is allowed only if every one of them is; the decision's {@code parts} list
     * each. Total: every failure becomes a deny with its reason, never an exception.
     */
    public Decision decide(Request request) {
        return decider.decide(request);
    }

    /**
     * Completes the request with facts from this machine, as the daemon does: the process from
     * {@code process.pid} (in {@code /proc}), the file from {@code file.path} as that process sees it
     * (opened once; every fact from the open file, the kernel's own {@code AT_EXECVE_CHECK} verdict
     * among them), then decides it. Facts that cannot be collected make a deny that says why. Needs
     * the JVM flag {@code --enable-native-access=dev.mayexec} (or {@code ALL-UNNAMED} on the class
     * path) to call the kernel without a warning.
     */
    public Decision decideLive(Request request) {
        return decider.decide(request, Machine.FACTS);
    }

    /**
     * This machine's live facts, made on first use (never, for a caller that gives every fact) and
     * shared: they keep descriptors open (the mount table's) and facts checked current on each look.
     */
    private static final class Machine {
        static final LiveFacts FACTS = LiveFacts.system();
    }

    /**
     * Compiles the directory again and swaps it in. On failure the current policy stays.
     *
     * @throws PolicyException with the new policy's diagnostics, when it is invalid
     */
    public void reload() throws PolicyException {
        decider.reload();
    }

    /** The {@code sha256:} hash of the policy deciding now (every decision names it too). */
    public String policyHash() {
        return decider.policyHash();
    }

    /** How the cache has served so far, or empty when it is off. */
    public Optional<CacheStats> cacheStats() {
        return Optional.ofNullable(decider.cacheStats());
    }
}
