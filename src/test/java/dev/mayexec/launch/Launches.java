package dev.mayexec.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code mayexec run} as a user does, in a process of its own: through
 * {@code src/test/resources/launch/mayexec-run}, which captures the caller's state with
 * bin/mayexec's own script (bin/launch-state.sh) and starts this JVM's java on the test class path.
 */
final class Launches {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path WRAPPER = Path.of("src/test/resources/launch/mayexec-run").toAbsolutePath();
    /** Sets the state a caller may give and the JVM changes, then execs its arguments (the tests' caller). */
    static final Path PARENT = Path.of("src/test/resources/launch/parent.py").toAbsolutePath();
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String CLASS_PATH = System.getProperty("java.class.path");
    /** A PATH on which python3 is this machine's /usr/bin/python3, not a version manager's shim script. */
    static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", "LANG", "C.UTF-8");

    private Launches() {}

    record Result(int code, String out, String err) {
        String both() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code mayexec run ARGS…} (the words after {@code run}), started by {@code prefix} (a caller), in {@code cwd}. */
    static List<String> command(List<String> prefix, List<String> runArgs) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(WRAPPER.toString(), JAVA, CLASS_PATH, "run"));
        cmd.addAll(runArgs);
        return cmd;
    }

    static Result exec(List<String> command, Path cwd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + command);
        return new Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    static Result run(Path policy, Path cwd, String... argv) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--policy", policy.toString(), "--"));
        args.addAll(List.of(argv));
        return exec(command(List.of(), args), cwd, ENV);
    }

    /** Skips a test that needs root or python3, saying so where a skip is easy to miss. */
    static void assumeRoot(String test) {
        boolean ok = new com.sun.security.auth.module.UnixSystem().getUid() == 0 && Files.isExecutable(PYTHON);
        if (!ok) System.err.println("\n*** " + test + " NOT RUN: it needs root and /usr/bin/python3 ***\n");
        Assumptions.assumeTrue(ok, "needs root and /usr/bin/python3");
    }

    static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) throw new AssertionError("failed: " + String.join(" ", command));
    }
}
