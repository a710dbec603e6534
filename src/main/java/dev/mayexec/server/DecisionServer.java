package dev.mayexec.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.collect.Descriptor;
import dev.mayexec.launch.DaemonLaunch;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.json.DecisionJson;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.json.RequestWriter;
import dev.mayexec.review.Explainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision daemon: a Unix domain socket, one JSON request per line in, one JSON decision per
 * line out. The caller's identity comes from the kernel ({@code SO_PEERCRED}), never from the request:
 * the daemon keeps only the channel, the pid, the path, argv/env and the caller's own securebits, and
 * collects every other fact itself. A question about another user's process is refused unless the
 * caller is root. Each client has its own thread with bounded waits, so a slow or hostile client
 * (a line that never ends, a huge line, invalid UTF-8, a flood) is answered with an error or cut
 * off and never delays other clients.
 */
public final class DecisionServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = hostname();

    /** The version the daemon reports ({@code status}, metrics) and the CLI prints. */
    public static final String VERSION = dev.mayexec.BuildInfo.current().version();

    /**
     * How the daemon runs; {@code log} may be null (no decision log).
     *
     * @param idleTimeout how long a client may stay silent between requests, and the time a request
     *     has to arrive whole from its first byte
     */
    public record Options(Path socket, LogTarget log, boolean logAllows, Limits limits, Duration idleTimeout,
            int maxLineBytes, LogLimits logLimits) {
        public Options {
            if (maxLineBytes < 1024) throw new IllegalArgumentException("max line must be at least 1024 bytes");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idle timeout must be positive");
        }

        /** A file log (or none), the default reserves for {@code maxClients} and the default log limits. */
        public Options(Path socket, Path log, boolean logAllows, int maxClients, Duration idleTimeout, int maxLineBytes) {
            this(socket, log == null ? null : new LogTarget.File(log), logAllows, Limits.of(maxClients), idleTimeout,
                    maxLineBytes, LogLimits.DEFAULT);
        }

        public static Options defaults(Path socket) {
            return new Options(socket, null, false, 256, Duration.ofSeconds(30), RequestJson.MAX_CHARS);
        }

        public Options withLimits(Limits l) {
            return new Options(socket, log, logAllows, l, idleTimeout, maxLineBytes, logLimits);
        }

        public Options withLog(LogTarget target, LogLimits l) {
            return new Options(socket, target, logAllows, limits, idleTimeout, maxLineBytes, l);
        }
    }

    /**
     * Connection limits: ordinary slots shared by all, at most {@code perUid} of them to one user
     * (root excepted); then {@code rootReserve} slots for root alone, and {@code controlReserve} for
     * control lines only, one per user.
     */
    public record Limits(int maxClients, int perUid, int rootReserve, int controlReserve) {
        public Limits {
            if (maxClients < 1) throw new IllegalArgumentException("max clients must be at least 1, found " + maxClients);
            if (perUid < 1) throw new IllegalArgumentException("max clients per user must be at least 1, found " + perUid);
            if (rootReserve < 0 || controlReserve < 0) throw new IllegalArgumentException("reserved slots must not be negative");
        }

        /** A quarter of {@code maxClients} per user, 16 more for root, 8 for control lines. */
        public static Limits of(int maxClients) {
            return new Limits(maxClients, Math.max(1, maxClients / 4), 16, 8);
        }
    }

    private final Decider mx;
    private final LiveFacts live;
    private final Options options;
    private final DecisionLog log;
    private final ServerStats stats = new ServerStats();
    // a cached decision is one object: its answer line is written once (weak keys compare by identity)
    private final Cache<Decision, byte[]> answerLines = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
    private final ClientSlots slots;
    private final AtomicInteger active = new AtomicInteger();
    /**
     * The threads that accept and serve clients, each kept a minute after its client leaves: the
     * thread that accepts a connection serves it, and a pooled one takes over accepting meanwhile, so
     * that a script's first question (a new connection) waits for no thread to be made or woken
     * (bin/bench-python-hook).
     */
    private final java.util.concurrent.ExecutorService clients = new java.util.concurrent.ThreadPoolExecutor(0,
            Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            Thread.ofPlatform().name("mayexec-client-", 0).daemon().factory());
    private final AtomicLong generation = new AtomicLong(1);
    /** The connections that were given a reusable answer: a reload tells each of them (docs/DAEMON.md). */
    private final java.util.Set<Connection> granted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Reuse reuse;
    /** The watch on passwd that ends grants on a user name, or null when the system refused one. */
    private final AutoCloseable userNames;
    private final int listener;
    /** How many threads are in (or about to enter) accept: closing waits for none, then closes the socket. */
    private final AtomicInteger accepting = new AtomicInteger();
    private final int selfUid;
    private final DecisionIds decisionIds = new DecisionIds();
    private final Instant started = Instant.now();
    private volatile boolean closed;

    private DecisionServer(Decider mx, LiveFacts live, Options options, DecisionLog log, int listener) throws IOException {
        this.mx = mx;
        this.live = live;
        this.options = options;
        this.log = log;
        this.listener = listener;
        this.slots = new ClientSlots(options.limits());
        this.userNames = watchUserNames(live);
        this.reuse = new Reuse(mx, options.logAllows(), userNames != null);
        this.selfUid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        clients.execute(this::acceptAndServe);
    }

    /**
     * Binds the socket (or takes the one systemd passes, {@code LISTEN_FDS}) and starts serving.
     *
     * @throws IOException when the socket cannot be bound, or another daemon answers on it
     */
    public static DecisionServer start(Decider mx, LiveFacts live, Options options) throws IOException {
        // the log first: a log that cannot be opened leaves no socket behind
        DecisionLog log = options.log() == null ? null
                : DecisionLog.open(options.log(), options.logLimits(), System.err::println);
        try {
            int fd = systemdSocket();
            if (fd < 0) fd = bind(options.socket());
            warnIfPrivateMounts();
            return new DecisionServer(mx, live, options, log, fd);
        } catch (IOException | RuntimeException e) {
            if (log != null) log.close();
            throw e;
        }
    }

    private static int bind(Path socket) throws IOException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0170000) != 0140000) {
                throw new IOException("`" + socket + "` exists and is not a socket; remove it or choose another --socket");
            }
            if (DaemonClient.answers(socket)) throw new IOException("another daemon already answers on `" + socket + "`");
            Files.delete(socket); // a stale socket of a daemon that is gone
        }
        int fd = UnixSocket.listen(socket.toString(), 128);
        // any user may ask: decisions are about the caller, whose identity comes from the kernel
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        return fd;
    }

    /**
     * Names of files are verified in the daemon's own view (docs/SECURITY.md): in a mount namespace
     * of its own (systemd's PrivateTmp=, ProtectSystem=), /tmp and other paths are not the system's.
     */
    private static void warnIfPrivateMounts() {
        try {
            Path mine = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
            Path init = Files.readSymbolicLink(Path.of("/proc/1/ns/mnt"));
            if (!mine.equals(init)) {
                System.err.println("mayexec: warning: the daemon runs in a mount namespace of its own (" + mine
                        + ", not init's " + init + "); files are named and judged in that view, see docs/SECURITY.md");
            }
        } catch (IOException | UnsupportedOperationException unreadable) {
            // init's namespace is not ours to read (a container, a sandbox): nothing to compare
        }
    }

    /** systemd socket activation: the listening socket is fd 3 when LISTEN_PID is us. */
    private static int systemdSocket() {
        String pid = System.getenv("LISTEN_PID");
        String fds = System.getenv("LISTEN_FDS");
        return pid != null && pid.equals(Long.toString(ProcessHandle.current().pid())) && "1".equals(fds) ? 3 : -1;
    }

    /** Accepts a client, hands accepting on to another thread, and serves the client. */
    private void acceptAndServe() {
        while (true) {
            int fd;
            accepting.incrementAndGet();
            try {
                if (closed) return;
                fd = UnixSocket.accept(listener);
            } catch (IOException e) {
                if (closed) return;
                continue;
            } finally {
                accepting.decrementAndGet();
            }
            if (fd < 0) return;
            stats.connections.incrementAndGet();
            UnixSocket.Peer peer;
            try {
                peer = UnixSocket.peer(fd);
            } catch (IOException e) {
                UnixSocket.close(fd);
                continue;
            }
            ClientSlots.Kind kind = slots.acquire(peer.uid());
            if (kind == null) {
                stats.rejectedConnections.incrementAndGet();
                try (Arena arena = Arena.ofConfined()) {
                    UnixSocket.timeouts(fd, 1000);
                    UnixSocket.sendAll(fd, error(TOO_MANY), arena.allocate(256), UnixSocket.state(arena));
                } catch (IOException ignored) {
                    // the client is told if it can be; either way it is cut off
                }
                UnixSocket.close(fd);
                continue;
            }
            try {
                clients.execute(this::acceptAndServe);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the daemon is closing: this client is still served
            }
            active.incrementAndGet();
            try {
                serve(fd, peer, kind);
            } catch (RuntimeException bug) {
                System.err.println("mayexec: internal error serving pid " + peer.pid() + ": " + bug);
            } finally {
                active.decrementAndGet();
                UnixSocket.close(fd);
                slots.release(peer.uid(), kind);
            }
            return;
        }
    }

    private static final String TOO_MANY = "too many clients; try again later";
    /** A connection on a control slot has this long, at most, for its one line. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);

    /** Descriptors a client may have sent and not yet used; one more cuts the connection. */
    static final int MAX_PENDING_FDS = 8;

    /**
     * Serves one connection. A request must arrive whole within the idle timeout of its first byte
     * (a byte now and then does not keep a slot); between requests the client may stay silent as
     * long. A connection on a control slot gets one control line answered, and nothing else.
     */
    private void serve(int fd, UnixSocket.Peer peer, ClientSlots.Kind kind) {
        Connection connection = new Connection(fd);
        try {
            serve(connection, peer, kind);
        } finally {
            connection.end();
            granted.remove(connection);
        }
    }

    /**
     * One client's socket, whose every write holds its lock: a reload's notice (from another
     * thread) never lands inside an answer. {@code ended} is set, under the lock, before the
     * descriptor is closed, so that a notice never goes to a later connection given the same number.
     */
    private static final class Connection {
        final int fd;
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final java.util.concurrent.atomic.AtomicReference<byte[]> notice = new java.util.concurrent.atomic.AtomicReference<>();
        private boolean ended;
        /** Whether an answer of the batch being answered carries a reuse grant. */
        boolean grantedInBatch;

        Connection(int fd) {
            this.fd = fd;
        }

        boolean send(byte[] data, MemorySegment scratch, MemorySegment st) {
            lock.lock();
            try {
                return !ended && UnixSocket.sendAll(fd, data, scratch, st);
            } finally {
                lock.unlock();
                deliver();
            }
        }

        /**
         * Tells the client to forget its grants. A reload never waits for a client: when the
         * connection's thread is writing (or stuck writing to a client that does not read), that
         * thread delivers the notice once its write is done.
         */
        void notice(byte[] line) {
            notice.set(line);
            deliver();
        }

        /** Sends a pending notice if no one else is writing; a client whose buffer is full is cut off. */
        private void deliver() {
            if (notice.get() == null || !lock.tryLock()) return;
            try {
                byte[] line = notice.getAndSet(null);
                if (line != null && !ended && !UnixSocket.sendNow(fd, line)) UnixSocket.shutdown(fd);
            } finally {
                lock.unlock();
            }
        }

        void end() {
            lock.lock();
            try {
                ended = true;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tells every connection holding grants to forget them (a reload, a change of passwd). */
    private void noticeToGranted() {
        byte[] notice = invalidation();
        for (Connection c : granted) c.notice(notice);
    }

    private AutoCloseable watchUserNames(LiveFacts live) {
        try {
            return live.watchUserNames(this::noticeToGranted);
        } catch (IOException e) {
            System.err.println("mayexec: " + e.getMessage() + "; answers that depend on a user name are not reusable");
            return null;
        }
    }

    /** The line that tells a client to forget the answers it was allowed to reuse. */
    private byte[] invalidation() {
        return ("{\"event\":\"invalidate\",\"generation\":" + generation.get() + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A pooled thread's native memory for its clients, one after another (not zeroed and mapped anew for each). */
    private record Buffers(MemorySegment state, UnixSocket.Inbox inbox, MemorySegment scratch) {}

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new Buffers(UnixSocket.state(arena), UnixSocket.Inbox.allocate(arena, 65536), arena.allocate(65536));
    });

    private void serve(Connection connection, UnixSocket.Peer peer, ClientSlots.Kind kind) {
        int fd = connection.fd;
        boolean controlOnly = kind == ClientSlots.Kind.CONTROL;
        long timeoutMs = (controlOnly ? min(options.idleTimeout(), CONTROL_TIMEOUT) : options.idleTimeout()).toMillis();
        try {
            UnixSocket.timeouts(fd, timeoutMs);
        } catch (IOException e) {
            return;
        }
        ArrayDeque<Descriptor> pending = new ArrayDeque<>();
        List<Integer> arrived = new ArrayList<>();
        try {
            Buffers b = BUFFERS.get();
            MemorySegment st = b.state();
            UnixSocket.Inbox inbox = b.inbox();
            MemorySegment scratch = b.scratch();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteArrayOutputStream answers = new ByteArrayOutputStream();
            long lineStarted = -1; // System.nanoTime() of the read that brought the current line's first byte
            boolean shortened = false;
            while (!closed) {
                if (lineStarted >= 0) {
                    long left = timeoutMs - (System.nanoTime() - lineStarted) / 1_000_000;
                    if (left <= 0) {
                        connection.send(error(incomplete(timeoutMs)), scratch, st);
                        return;
                    }
                    UnixSocket.receiveTimeout(fd, left, st);
                    shortened = true;
                } else if (shortened) {
                    UnixSocket.receiveTimeout(fd, timeoutMs, st);
                    shortened = false;
                }
                int n = UnixSocket.recv(fd, inbox, arrived, st);
                long readAt = System.nanoTime();
                for (int received : arrived) pending.add(Descriptor.adopt(received));
                arrived.clear();
                if (n == 0) return;
                if (n < 0) {
                    if (-n == UnixSocket.EINTR) continue;
                    if (-n == UnixSocket.EAGAIN) {
                        connection.send(error(lineStarted >= 0 ? incomplete(timeoutMs)
                                : "idle for " + timeoutMs / 1000 + " s; closing"), scratch, st);
                    } else if (-n == UnixSocket.EMSGSIZE) {
                        connection.send(error("more than " + UnixSocket.MAX_FDS_PER_MESSAGE
                                + " descriptors in one message; closing"), scratch, st);
                    }
                    return;
                }
                if (pending.size() > MAX_PENDING_FDS) {
                    stats.invalid.incrementAndGet();
                    connection.send(error("more than " + MAX_PENDING_FDS + " descriptors sent and not used; closing"),
                            scratch, st);
                    return;
                }
                byte[] bytes = inbox.data().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                long batchGeneration = generation.get();
                connection.grantedInBatch = false;
                // the answers to every line of this read go out in one send: a client that pipelines
                // pays one system call per batch, one that waits for each answer still gets it at once
                answers.reset();
                for (int from = 0; from < n; ) {
                    int nl = from;
                    while (nl < n && bytes[nl] != '\n') nl++;
                    if (line.size() + (nl - from) > options.maxLineBytes()) {
                        stats.invalid.incrementAndGet();
                        answers.writeBytes(error("request longer than " + options.maxLineBytes() + " bytes; closing"));
                        connection.send(answers.toByteArray(), scratch, st);
                        return;
                    }
                    line.write(bytes, from, nl - from);
                    if (nl == n) break;
                    byte[] answer = controlOnly ? onControlSlot(line.toByteArray(), peer) : handle(line.toByteArray(), peer, pending, connection);
                    line.reset();
                    lineStarted = -1;
                    if (answer != null) answers.writeBytes(answer);
                    from = nl + 1;
                    if (controlOnly && answer != null) break;
                }
                if (line.size() > 0 && lineStarted < 0) lineStarted = readAt;
                // a grant made with a policy a reload has since replaced: the reload's notice may have
                // gone before this answer, so one follows it
                if (connection.grantedInBatch && generation.get() != batchGeneration) answers.writeBytes(invalidation());
                if (answers.size() > 0 && !connection.send(answers.toByteArray(), scratch, st)) return;
                if (controlOnly && answers.size() > 0) return;
            }
        } finally {
            for (int received : arrived) UnixSocket.close(received);
            pending.forEach(Descriptor::close);
        }
    }

    private static String incomplete(long timeoutMs) {
        return "request not complete " + timeoutMs / 1000 + " s after its first byte; closing";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** On a control slot: a control line is answered; anything else is told the daemon is full. */
    private byte[] onControlSlot(byte[] raw, UnixSocket.Peer peer) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.isBlank()) return null;
        try {
            // asking for answers to reuse is a question like any other: a full daemon has none to give
            if (RequestJson.tree(text) instanceof ObjectNode o && o.has("control") && !REUSE.equals(o.get("control").asText())) {
                return control(o, peer);
            }
        } catch (RequestException | RuntimeException notControl) {
            // not a control line: the same answer as any other request
        }
        stats.rejectedConnections.incrementAndGet();
        return error(TOO_MANY);
    }

    /**
     * Answers one line; returns null for a blank line. A request with {@code "fd": true} is about the
     * oldest descriptor the client sent and has not used yet (the open file itself, {@code SCM_RIGHTS}).
     * Total: whatever the line holds, the answer is a decision or an error, and the thread goes on.
     */
    private byte[] handle(byte[] raw, UnixSocket.Peer peer, ArrayDeque<Descriptor> pending, Connection connection) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            stats.invalid.incrementAndGet();
            return error("request is not valid UTF-8");
        }
        if (text.isBlank()) return null;
        long start = System.nanoTime();
        Decision d;
        Descriptor file = null;
        ObjectNode launch = null; // a launch request's plan, answered with its decision
        Request[] facts = {null};
        try {
            JsonNode tree = RequestJson.tree(text);
            if (tree instanceof ObjectNode o && o.has("control")) {
                return REUSE.equals(o.get("control").asText()) ? reusable(o, peer, connection) : control(o, peer);
            }
            file = takeDescriptor(tree, pending);
            boolean launching = isLaunch(tree);
            Request sanitized = sanitize(RequestJson.parse(tree), peer);
            if (launching) {
                if (sanitized.process().pid() != peer.pid()) throw new Refused("a launch request is about the caller itself");
                DaemonLaunch.Answer a = DaemonLaunch.answer(mx, live, sanitized, file);
                d = a.decision();
                launch = a.launch();
            } else {
                d = mx.decide(sanitized, live, file, known -> facts[0] = known);
            }
        } catch (RequestException e) {
            stats.invalid.incrementAndGet();
            d = refusal("request.invalid", e.getMessage());
        } catch (Refused e) {
            stats.refused.incrementAndGet();
            d = refusal("request.refused", e.getMessage());
        } catch (RuntimeException bug) {
            // a defect of ours must neither end the client's thread nor answer allow
            System.err.println("mayexec: internal error on a request from pid " + peer.pid() + ": " + bug);
            d = refusal("internal.error", "the daemon failed on this request (" + bug.getClass().getSimpleName() + ")");
        } finally {
            if (file != null) file.close();
        }
        byte[] answer = launch == null ? answerLines.get(d, k -> (DecisionJson.write(k) + "\n").getBytes(StandardCharsets.UTF_8))
                : (DecisionJson.toNode(d).set(DaemonLaunch.KEY, launch) + "\n").getBytes(StandardCharsets.UTF_8);
        if (d.decision() == Decision.Outcome.DENY && facts[0] != null) answer = withExplain(answer, facts[0]);

        stats.latency(System.nanoTime() - start);
        stats.decisions.incrementAndGet();
        if (d.denied()) stats.denies.incrementAndGet();
        if (log != null && (d.decision() == Decision.Outcome.DENY || options.logAllows()) && log.admits(peer.uid())) {
            String id = decisionIds.next();
            log.offer(new DecisionLog.Entry(peer.uid(), d.decision() == Decision.Outcome.DENY, id, d.policy(),
                    logLine(id, text, peer, DecisionJson.toNode(d), facts[0])));
        }
        return answer;
    }

    /** Whether a request is a launch request ({@code "launch": true}, docs/DAEMON.md); the flag is taken out. */
    private static boolean isLaunch(JsonNode tree) throws RequestException {
        if (!(tree instanceof ObjectNode o) || !o.has(DaemonLaunch.KEY)) return false;
        JsonNode flag = o.remove(DaemonLaunch.KEY);
        if (!flag.isBoolean() || !flag.booleanValue()) throw new RequestException("`launch` must be true or absent");
        return true;
    }

    /** The descriptor a request with {@code "fd": true} is about; the flag is taken out of the request. */
    private static Descriptor takeDescriptor(JsonNode tree, ArrayDeque<Descriptor> pending) throws RequestException {
        if (!(tree instanceof ObjectNode o) || !o.has("fd")) return null;
        JsonNode flag = o.remove("fd");
        if (!flag.isBoolean()) {
            throw new RequestException("`fd` must be true (the file is the descriptor sent with this line) or absent");
        }
        if (!flag.booleanValue()) return null;
        Descriptor d = pending.poll();
        if (d == null) throw new RequestException("`fd` is true but no descriptor came with the request; send it with SCM_RIGHTS");
        return d;
    }

    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Keeps what a client may say: the channel, which process (its own, or, for root, any), the path,
     * the invocation (argv, env, the path of its stdin), and its own securebits. Everything else is
     * collected, never believed; an invocation's working directory is the process's own
     * ({@code /proc/PID/cwd}), since relative paths in argv resolve against it.
     */
    private Request sanitize(Request r, UnixSocket.Peer peer) throws Refused {
        Integer asked = r.process().pid();
        int pid = asked == null ? peer.pid() : asked;
        if (pid != peer.pid() && peer.uid() != 0) {
            int owner;
            try {
                owner = (Integer) Files.getAttribute(Path.of("/proc", Integer.toString(pid)), "unix:uid");
            } catch (IOException | IllegalArgumentException e) {
                throw new Refused("no process " + pid);
            }
            if (owner != peer.uid()) {
                throw new Refused("process " + pid + " belongs to another user; only root may ask about it");
            }
        }
        ProcessInfo p = new ProcessInfo(pid, null, null, null, null, null, null, null, null,
                pid == peer.pid() ? r.process().securebits() : null, null, null, null, null, null);
        // for stdin the object is what the process's fd 0 really is (collected), not a path it names
        FileInfo file = r.channel() == dev.mayexec.facts.Channel.STDIN ? null : pathOnly(r.file());
        return new Request(r.channel(), p, file, r.argv(), r.env(), r.isInvocation() ? cwd(pid) : null,
                pathOnly(r.stdin()));
    }

    private static FileInfo pathOnly(FileInfo f) {
        return f == null || f.path() == null ? null
                : new FileInfo(f.path(), null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null);
    }

    private static String cwd(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "cwd")).toString();
        } catch (IOException e) {
            return null; // relative paths then cannot be resolved, and the invocation is refused
        }
    }

    private Decision refusal(String code, String message) {
        return new Decision(Decision.Outcome.DENY, true, null, List.of(new Reason(code, null, null, message)),
                mx.policyHash(), false);
    }

    /** The control line that asks which answers the caller may reuse (docs/DAEMON.md). */
    static final String REUSE = "reuse";

    /**
     * The answers the caller may give itself (docs/DAEMON.md, "Answers a client may reuse"): for each
     * channel whose decision for the caller's process, as it is now, is an allow that depends on no
     * fact of the file, what the client must see unchanged in itself before it reuses it. The
     * connection is then told of every reload ({@link #invalidation}). None with {@code --log-allows}:
     * every allow is then the daemon's to log.
     */
    private byte[] reusable(ObjectNode control, UnixSocket.Peer peer, Connection connection) {
        ProcessInfo process;
        try {
            ObjectNode asked = JSON.createObjectNode().put("channel", "inline");
            if (control.has("process")) asked.set("process", control.get("process"));
            Request request = sanitize(RequestJson.parse(asked), peer);
            // a policy that reads nothing of a process but its securebits decides the same for every one
            process = reuse.readsTheProcess() ? live.complete(request, mx.engine().compiled().reads()).process()
                    : request.process();
        } catch (RequestException | Refused | dev.mayexec.collect.LiveFactsException e) {
            return error("no answers to reuse: " + e.getMessage());
        }
        Reuse.Reply reply = reuse.reply(process);
        if (reply.grants()) {
            connection.grantedInBatch = true;
            granted.add(connection);
        }
        return reply.line();
    }

    private byte[] control(ObjectNode node, UnixSocket.Peer peer) {
        String what = node.get("control").asText();
        return switch (what) {
            case "status" -> (status() + "\n").getBytes(StandardCharsets.UTF_8);
            case "reload" -> peer.uid() == 0 || peer.uid() == selfUid
                    ? (reload() + "\n").getBytes(StandardCharsets.UTF_8)
                    : error("only root or the daemon's user may reload");
            default -> error("unknown control `" + what + "`; expected `status`, `reload` or `" + REUSE + "`");
        };
    }

    /**
     * Compiles the policy directory again off the decision path and swaps it in atomically; a policy
     * that fails is rejected with its diagnostics, and the old one keeps deciding.
     */
    public synchronized ObjectNode reload() {
        ObjectNode out = JSON.createObjectNode();
        out.put("version", VERSION).put("uptime_seconds", uptimeSeconds());
        try {
            mx.reload();
            stats.reloads.incrementAndGet();
            out.put("reloaded", true).put("policy", mx.policyHash()).put("generation", generation.incrementAndGet());
            noticeToGranted();
        } catch (PolicyException e) {
            stats.failedReloads.incrementAndGet();
            out.put("reloaded", false).put("policy", mx.policyHash()).put("generation", generation.get());
            var diags = out.putArray("diagnostics");
            for (Diagnostic d : e.diagnostics()) diags.add(d.toString());
        }
        return out;
    }

    private long uptimeSeconds() {
        return Duration.between(started, Instant.now()).toSeconds();
    }

    private static long openDescriptors() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count() - 1; // the directory being listed
        } catch (IOException e) {
            return -1;
        }
    }

    /** The daemon's counters, cache statistics, latency percentiles and policy. */
    public ObjectNode status() {
        ObjectNode s = JSON.createObjectNode();
        s.put("version", VERSION).put("uptime_seconds", uptimeSeconds());
        s.put("policy", mx.policyHash()).put("generation", generation.get());
        s.put("decisions", stats.decisions.get()).put("denies", stats.denies.get())
                .put("invalid", stats.invalid.get()).put("refused", stats.refused.get());
        var cache = mx.cacheStats();
        ObjectNode c = s.putObject("cache");
        c.put("hits", cache == null ? 0 : cache.hits()).put("misses", cache == null ? 0 : cache.misses());
        double[] p = stats.percentiles();
        s.putObject("latency_us").put("p50", p[0]).put("p90", p[1]).put("p99", p[2]).put("max", p[3]);
        s.putObject("clients").put("active", active.get()).put("total", stats.connections.get())
                .put("rejected", stats.rejectedConnections.get()).put("max", options.limits().maxClients())
                .put("per_uid", options.limits().perUid()).put("root_reserve", options.limits().rootReserve())
                .put("control_reserve", options.limits().controlReserve());
        s.putObject("reloads").put("ok", stats.reloads.get()).put("failed", stats.failedReloads.get());
        ObjectNode l = s.putObject("log");
        l.put("target", log == null ? "none" : log.name()).put("written", log == null ? 0 : log.written())
                .put("dropped", log == null ? 0 : log.dropped()).put("rate_limited", log == null ? 0 : log.rateLimited())
                .put("failed", log == null ? 0 : log.failed());
        Runtime rt = Runtime.getRuntime();
        s.putObject("process").put("threads", java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount()).put("open_fds", openDescriptors())
                .put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        return s;
    }

    /**
     * A deny's answer with {@code explain}: a command the person refused can paste to see why (the
     * facts the decision was made on, those the policy reads, and this daemon's policy directory).
     * They are the caller's own process and the file it asked about.
     */
    private byte[] withExplain(byte[] answer, Request facts) {
        // the same facts are refused again and again (a loop, a cron job): the command is made once
        String member = explainMembers.get(new ExplainKey(mx.policyHash(), facts), k -> ",\"explain\":"
                + JSON.getNodeFactory().textNode(Explainer.command(mx.directory().toAbsolutePath().toString(), k.facts(),
                        mx.engine().compiled().reads())));
        String line = new String(answer, 0, answer.length - 2, StandardCharsets.UTF_8); // without "}\n"
        return (line + member + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    private record ExplainKey(String policy, Request facts) {}

    /** Made from the facts and the policy's reads (a policy's hash names them), at about 2 KB an entry. */
    private final Cache<ExplainKey, String> explainMembers = Caffeine.newBuilder().maximumSize(1_000).build();

    /**
     * A log entry: when (RFC 3339, UTC), where ({@code host}), its {@code id}, the caller, the request
     * as sent, the decision (with the policy's hash), and {@code facts}: the request as completed, the
     * facts the decision was made on, those the policy reads, in the form {@code decide} reads (none
     * when the request was refused before any was collected), so that {@code mayexec replay} can judge it again.
     */
    private String logLine(String id, String request, UnixSocket.Peer peer, ObjectNode decision, Request facts) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString()).put("host", HOST).put("id", id);
        line.putObject("peer").put("pid", peer.pid()).put("uid", peer.uid()).put("gid", peer.gid());
        try {
            line.set("request", JSON.readTree(request));
        } catch (IOException e) {
            line.put("request", request);
        }
        line.setAll(decision);
        if (facts != null) line.set("facts", RequestWriter.tree(facts, mx.engine().compiled().reads()));
        return line.toString();
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static byte[] error(String message) {
        return (JSON.createObjectNode().put("error", message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Stops accepting, waits briefly for the clients, and flushes the log. */
    @Override
    public void close() throws IOException {
        closed = true;
        UnixSocket.shutdown(listener);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (accepting.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clients.shutdown(); // the threads of clients still connected end with their connections
        if (userNames != null) {
            try {
                userNames.close();
            } catch (Exception e) {
                System.err.println("mayexec: " + e.getMessage());
            }
        }
        UnixSocket.close(listener);
        if (systemdSocket() < 0) Files.deleteIfExists(options.socket());
        if (log != null) log.close();
    }
}
