package dev.mayexec.lint;

import dev.mayexec.lint.analysis.Analysis;
import dev.mayexec.lint.analysis.Undecided;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What a check works on: the policy, its analysis, and (with {@code --host}) the target host. */
public final class LintContext {
    /**
     * Directories in which users other than root can create files on any Linux system: temporary
     * directories, per-user runtime directories and home directories.
     */
    public static final List<String> USER_WRITABLE = List.of("/dev/shm", "/home", "/run/lock", "/run/user", "/tmp",
            "/var/lock", "/var/tmp");

    private final Analysis analysis;
    private final Host host;
    private final List<PathPattern> hostWritable;

    LintContext(Analysis analysis, Host host, List<PathPattern> hostWritable) {
        this.analysis = analysis;
        this.host = host;
        this.hostWritable = List.copyOf(hostWritable);
    }

    public Policy policy() {
        return analysis.policy();
    }

    public Analysis analysis() {
        return analysis;
    }

    public Optional<Host> host() {
        return Optional.ofNullable(host);
    }

    /** The paths someone other than root can write: {@link #USER_WRITABLE}, and what the host shows. */
    public List<PathPattern> writablePaths() {
        List<PathPattern> out = new java.util.ArrayList<>();
        USER_WRITABLE.forEach(d -> out.add(new PathPattern.Under(d)));
        out.addAll(hostWritable);
        return out;
    }

    /**
     * Runs one question of the analysis; empty when it gave up ({@link Undecided}), so that a check
     * reports only what it could decide.
     */
    public static <T> Optional<T> decided(Supplier<T> question) {
        try {
            return Optional.ofNullable(question.get());
        } catch (Undecided e) {
            return Optional.empty();
        }
    }
}
