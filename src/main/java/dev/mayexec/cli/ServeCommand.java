package dev.mayexec.cli;

import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.server.DecisionServer;
import dev.mayexec.server.LogLimits;
import dev.mayexec.server.LogTarget;
import dev.mayexec.server.OperatorSignals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mayexec serve}: the decision daemon, until SIGTERM or SIGINT; SIGHUP reloads, SIGUSR1 reports status. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the decision daemon on a Unix socket: one JSON request per line in, one JSON decision out.",
            "The caller's identity comes from the kernel (SO_PEERCRED). SIGHUP or `mayexec reload` reloads the policy; SIGUSR1 writes a status line to stderr."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOption policy;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = DaemonCommands.DEFAULT_SOCKET,
            description = "The socket to listen on (default ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--log", paramLabel = "journal|syslog|FILE",
            description = "Log every deny to journald, to syslog (/dev/log), or to FILE as JSON lines.")
    String log;

    @Option(names = "--log-allows", description = "Log allows too.")
    boolean logAllows;

    @Option(names = "--log-rate", paramLabel = "N", defaultValue = "20",
            description = "Log entries a second per user, beyond bursts (default ${DEFAULT-VALUE}); the rest are counted.")
    int logRate;

    @Option(names = "--log-burst", paramLabel = "N", defaultValue = "200", description = "Burst of log entries per user (default ${DEFAULT-VALUE}).")
    int logBurst;

    @Option(names = "--log-max-size", paramLabel = "MIB", defaultValue = "32",
            description = "Rotate a log file at this size (default ${DEFAULT-VALUE} MiB).")
    long logMaxMib;

    @Option(names = "--log-keep", paramLabel = "N", defaultValue = "4", description = "Rotated log files kept (default ${DEFAULT-VALUE}).")
    int logKeep;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "256", description = "Clients served at once (default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-clients-per-user", paramLabel = "N",
            description = "Of those, at most N to one user, root excepted (default: a quarter of --max-clients).")
    Integer perUid;

    @Option(names = "--root-reserve", paramLabel = "N", description = "Slots beyond --max-clients for root alone (default 16).")
    Integer rootReserve;

    @Option(names = "--control-reserve", paramLabel = "N",
            description = "Slots beyond those for status and reload lines, one per user (default 8).")
    Integer controlReserve;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Cut off a client silent this long, or whose request is not whole this long after its first byte (default ${DEFAULT-VALUE}).")
    long idleSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Decider mx = policy.load(err, Decider.DEFAULT_CACHE_SIZE);
        if (mx == null) return ExitCodes.INVALID_POLICY;
        DecisionServer.Options options;
        try {
            DecisionServer.Limits d = DecisionServer.Limits.of(maxClients);
            options = new DecisionServer.Options(socket, log == null ? null : LogTarget.parse(log), logAllows,
                    new DecisionServer.Limits(maxClients, perUid == null ? d.perUid() : perUid,
                            rootReserve == null ? d.rootReserve() : rootReserve,
                            controlReserve == null ? d.controlReserve() : controlReserve),
                    Duration.ofSeconds(idleSeconds), dev.mayexec.json.RequestJson.MAX_CHARS,
                    new LogLimits(logRate, logBurst, logMaxMib << 20, logKeep));
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
        try (OperatorSignals signals = OperatorSignals.install(server, err, stop::countDown)) {
            err.println("mayexec serve: " + DecisionServer.VERSION + ", policy " + mx.policyHash() + " on " + socket);
            err.flush();
            stop.await();
            server.close();
        }
        return ExitCodes.OK;
    }
}
