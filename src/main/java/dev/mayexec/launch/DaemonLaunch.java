package dev.mayexec.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.collect.Descriptor;
import dev.mayexec.collect.LiveFacts;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daemon's launch request (docs/DAEMON.md, "Launch requests"): {@code mayexec run --socket}
 * sends {@code {"launch": true, "fd": true, "argv": […], "env": {…}, "process": {"securebits": […]}}}
 * with the program's open descriptor. The daemon judges that descriptor for the caller itself (its
 * pid from {@code SO_PEERCRED}: the process that will exec) as {@code mayexec run --policy} would,
 * and answers the decision with {@code "launch": {"securebits": […], "lock": …, "pass_fds": […],
 * "no_new_privs": …}}, what the launcher must set before it execs.
 */
public final class DaemonLaunch {
    /** The request's key that makes it a launch request. */
    public static final String KEY = "launch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DaemonLaunch() {}

    /** The daemon's answer: the decision, and what the launcher must set (null when denied before any plan). */
    public record Answer(Decision decision, ObjectNode launch) {}

    /**
     * Decides a launch request of process {@code asked.process().pid()} (the caller) about the open
     * {@code program}; {@code asked} holds what the daemon keeps of the request (argv, env, the
     * caller's own securebits, its working directory read from /proc). Total: a failure is a deny.
     */
    public static Answer answer(Decider mx, LiveFacts live, Request asked, Descriptor program) {
        if (program == null || !asked.isInvocation() || asked.process().pid() == null) {
            return new Answer(refusal(mx, "a launch request is an invocation (`argv`) about the caller itself, with the"
                    + " program's descriptor (`\"fd\": true` and SCM_RIGHTS)"), null);
        }
        Program p = Program.of(asked.argv().getFirst(), program.fd());
        int current = 0;
        for (Securebit b : asked.process().securebits() == null ? Set.<Securebit>of() : asked.process().securebits()) {
            current |= b.mask();
        }
        try {
            Launcher.Judged j = Launcher.judge(mx.withDisk(p.disk()), live, asked.process().pid(), current, p, program,
                    asked.argv(), asked.env(), asked.cwd());
            ObjectNode launch = JSON.createObjectNode();
            ArrayNode bits = launch.putArray("securebits");
            j.plan().securebits().stream().map(Securebit::id).sorted().forEach(bits::add);
            launch.put("lock", j.plan().lock());
            ArrayNode fds = launch.putArray("pass_fds");
            j.fds().forEach(fds::add);
            launch.put("no_new_privs", j.plan().noNewPrivs());
            return new Answer(j.decision(), launch);
        } catch (LaunchException e) {
            return new Answer(new Decision(Decision.Outcome.DENY, true, null, List.of(new Reason("facts.unavailable", null,
                    null, e.getMessage())), mx.policyHash(), false), null);
        }
    }

    private static Decision refusal(Decider mx, String message) {
        return new Decision(Decision.Outcome.DENY, true, null, List.of(new Reason("request.invalid", null, null, message)),
                mx.policyHash(), false);
    }

    /** The launcher's side: asks the daemon on {@code socket} about the open program. */
    static Launcher.Judged ask(Path socket, Program program, List<String> argv, Map<String, String> env)
            throws LaunchException {
        ObjectNode req = JSON.createObjectNode();
        req.put(KEY, true);
        req.put("fd", true);
        ArrayNode a = req.putArray("argv");
        a.add(program.script() ? program.name() : argv.getFirst()); // a script's part is judged under this name
        argv.subList(1, argv.size()).forEach(a::add);
        ObjectNode e = req.putObject("env");
        env.forEach(e::put);
        ArrayNode bits = req.putObject("process").putArray("securebits");
        int current = Math.max(Native.securebits(), 0);
        for (Securebit b : Securebit.values()) if ((current & b.mask()) != 0) bits.add(b.id());
        String line = DaemonAsk.ask(socket.toString(), req.toString(), program.fd());
        JsonNode answer;
        try {
            answer = JSON.readTree(line);
        } catch (IOException x) {
            throw new LaunchException("the daemon's answer is not JSON: " + x.getMessage(), null);
        }
        if (answer.has("error")) throw new LaunchException("the daemon refused: " + answer.get("error").asText(), null);
        boolean allow = answer.path("decision").asText().equals("allow");
        boolean enforced = answer.path("enforced").asBoolean(true);
        List<Reason> reasons = new ArrayList<>();
        for (JsonNode r : answer.path("reasons")) {
            reasons.add(new Reason(r.path("code").asText(), r.path("rule").isNull() ? null : r.path("rule").asText(null),
                    r.path("source").isNull() ? null : r.path("source").asText(null), r.path("message").asText()));
        }
        Decision d = new Decision(allow ? Decision.Outcome.ALLOW : Decision.Outcome.DENY, enforced, null, reasons,
                answer.path("policy").asText(), false);
        JsonNode plan = answer.get(KEY);
        if (plan == null) {
            if (allow || !enforced) throw new LaunchException("the daemon allowed the launch but said nothing of what to set", null);
            return new Launcher.Judged(d, line, new LaunchPlan(Set.of(), false, new TreeSet<>(), false, false, List.of()),
                    List.of());
        }
        Set<Securebit> set = EnumSet.noneOf(Securebit.class);
        for (JsonNode b : plan.path("securebits")) {
            set.add(Securebit.parse(b.asText()).orElseThrow(() -> new IllegalStateException("unknown securebit")));
        }
        List<Integer> fds = new ArrayList<>();
        for (JsonNode f : plan.path("pass_fds")) fds.add(f.asInt());
        LaunchPlan p = new LaunchPlan(Set.copyOf(set), plan.path("lock").asBoolean(), new TreeSet<>(fds), false,
                plan.path("no_new_privs").asBoolean(), List.of("the daemon's policy"));
        return new Launcher.Judged(d, line, p, List.copyOf(fds));
    }
}
