package dev.mayexec.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the daemon does with each signal an operator may send. TERM and INT stop it cleanly (the
 * caller removes the socket it made), HUP reloads, USR1 writes a status report to stderr (the
 * journal under systemd, as fapolicyd does), and the rest are harmless: ignored here, or the JVM's
 * own (USR2 suspends threads, PIPE is never raised: sends use {@code MSG_NOSIGNAL}, QUIT prints a
 * thread dump). STOP and KILL cannot be caught.
 *
 * <p>Handlers run on the JVM's signal-dispatch thread, and their work on one thread of their own; a
 * storm costs at most one queued reload and one queued report, never a queue of thousands.
 */
public final class OperatorSignals implements AutoCloseable {
    /** Signals whose default action would stop or kill the daemon, and that mean nothing to it. */
    public static final List<String> HARMLESS = List.of("USR2", "PIPE", "ALRM", "VTALRM", "IO", "PWR", "STKFLT", "XCPU",
            "XFSZ", "TTIN", "TTOU", "TSTP", "URG", "WINCH");
    private static final int SIGHUP = 1;
    private static final long SIG_IGN = 1;
    /** {@code struct sigaction} on Linux x86-64 and aarch64: a handler, a 128-byte mask, flags, a restorer. */
    private static final long SIGACTION_BYTES = 152;
    private static final MethodHandle SIGACTION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("mayexec-signals").daemon().unstarted(r));
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private final AtomicBoolean reportQueued = new AtomicBoolean();

    private OperatorSignals() {}

    /**
     * Installs the handlers. {@code stop} runs on TERM and INT; reloads and reports go to {@code err}.
     */
    public static OperatorSignals install(DecisionServer server, PrintWriter err, Runnable stop) {
        OperatorSignals s = new OperatorSignals();
        if (hupIgnoredAtStart()) {
            err.println("mayexec serve: SIGHUP was ignored when the daemon started (nohup?); it reloads the policy");
            err.flush();
        }
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> s.once(s.reloadQueued, () ->
                say(err, "SIGHUP: " + server.reload())));
        sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sig -> s.once(s.reportQueued, () ->
                say(err, "SIGUSR1: status " + server.status())));
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> stop.run());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> stop.run());
        for (String name : HARMLESS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {});
            } catch (IllegalArgumentException vmsOwn) {
                // the JVM handles it already (USR2, PIPE, XFSZ): harmless as it is
            }
        }
        return s;
    }

    /** Runs {@code task} on the signal thread unless one like it is queued and not started yet. */
    private void once(AtomicBoolean queued, Runnable task) {
        if (!queued.compareAndSet(false, true)) return;
        work.submit(() -> {
            queued.set(false);
            task.run();
        });
    }

    private static void say(PrintWriter err, String line) {
        synchronized (err) {
            err.println("mayexec serve: " + line);
            err.flush();
        }
    }

    /**
     * Under {@code nohup} SIGHUP arrives ignored, and the JVM then refuses to catch it (it keeps an
     * ignored HUP ignored, for its shutdown hooks). The disposition is reset to the default so that
     * the handler installed next takes it; between the two calls a HUP would end the daemon, a window
     * of microseconds at start only. (A {@code signalfd} would need HUP blocked in every thread,
     * which the JVM's threads, started before us, do not do; a native handler that calls up into Java
     * would run Java code in signal context.)
     *
     * @return whether HUP was ignored
     */
    private static boolean hupIgnoredAtStart() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_BYTES, 8);
            int rc = (int) SIGACTION.invokeExact(SIGHUP, MemorySegment.NULL, old);
            if (rc != 0 || old.get(JAVA_LONG, 0) != SIG_IGN) return false;
            MemorySegment dfl = arena.allocate(SIGACTION_BYTES, 8); // zeroed: SIG_DFL, empty mask, no flags
            return (int) SIGACTION.invokeExact(SIGHUP, dfl, MemorySegment.NULL) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        work.shutdownNow();
    }
}
