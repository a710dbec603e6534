package dev.mayexec.cli;

import dev.mayexec.MayExec;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.server.DecisionServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec serve}: the decision daemon, until SIGTERM; SIGHUP reloads the policy. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the decision daemon on a Unix socket: one JSON request per line in, one JSON decision out.",
            "The caller's identity comes from the kernel (SO_PEERCRED). SIGHUP or `mayexec reload` reloads the policy."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Option(names = "--socket", paramLabel = "PATH", required = true, description = "The socket to listen on.")
    Path socket;

    @Option(names = "--log", paramLabel = "FILE", description = "Append every deny to FILE as a JSON line.")
    Path log;

    @Option(names = "--log-allows", description = "Log allows too.")
    boolean logAllows;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "256", description = "Clients served at once (default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Cut off a client silent (or stuck mid-line) this long (default ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        MayExec mx = policy.load(err, MayExec.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        DecisionServer.Options options;
        try {
            options = new DecisionServer.Options(socket, log, logAllows, maxClients, Duration.ofSeconds(idleSeconds),
                    dev.mayexec.json.RequestJson.MAX_CHARS);
        } catch (IllegalArgumentException e) {
            err.println("mayexec serve: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        DecisionServer server;
        try {
            server = DecisionServer.start(mx, LiveFacts.system(), options);
        } catch (java.io.IOException e) {
            err.println("mayexec serve: " + e.getMessage());
            err.flush();
            return ExitCodes.INTERNAL;
        }
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService reloads = Executors.newSingleThreadExecutor();
        // reload off the signal thread and off the decision path; the old policy serves until the swap
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloads.submit(() -> {
            err.println("mayexec serve: SIGHUP: " + server.reload());
            err.flush();
        }));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> stop.countDown());
        err.println("mayexec serve: policy " + mx.policyHash() + " on " + socket);
        err.flush();
        stop.await();
        server.close();
        reloads.shutdownNow();
        return ExitCodes.OK;
    }
}
