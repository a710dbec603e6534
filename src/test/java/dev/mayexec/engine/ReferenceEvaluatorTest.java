package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.Reason;
import dev.mayexec.bench.PolicyGenerator;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At 10,000 rules, the engine (split, anchored and hashed rules in Drools) decides as a deliberately
 * simple evaluator does: every rule of the model checked one by one against the query, in plain Java.
 */
class ReferenceEvaluatorTest {
    @TempDir
    Path tmp;

    @Test
    void engine_equalsTheReferenceEvaluator_at10000Rules() throws Exception {
        Path dir = PolicyGenerator.write(tmp.resolve("p"), 10_000);
        Decider mx = Decider.load(dir, 0);
        RuleEngine engine = mx.engine();
        Policy policy = engine.compiled().policy();
        int rules = policy.files().stream().mapToInt(f -> f.rules().size()).sum();
        assertTrue(rules >= 10_000, "generated " + rules + " rules");
        FactBuilder facts = new FactBuilder(dev.mayexec.profile.Profiles.of(policy));
        Random random = new Random(42);
        String[] exes = {"/usr/bin/python3.11", "/usr/bin/perl", "/usr/bin/ruby3.1", "/usr/bin/node", "/usr/bin/bash"};
        int allows = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int user = random.nextInt(1300);
            String path = switch (random.nextInt(6)) {
                case 0 -> "/home/user" + user + "/p" + random.nextInt(8) + "/main.py";
                case 1 -> "/home/user" + user + "/p" + random.nextInt(8) + "/x" + random.nextInt(3) + ".py";
                case 2 -> "/home/user" + user + "/p" + random.nextInt(8) + "/tmp/t.py";
                case 3 -> "/home/user" + user + "/p" + random.nextInt(8) + "/deep/er/x.sh";
                case 4 -> "/srv/shared/d" + random.nextInt(1100) + "/run.sh";
                default -> "/usr/local/bin/tool";
            };
            ProcessInfo p = new ProcessInfo(null, 1000 + user, 1000 + user, List.of(), "user" + user,
                    random.nextInt(4) == 0 ? "svc" + random.nextInt(1300) + ".service" : null, exes[random.nextInt(exes.length)],
                    null, null, null, null, null, null, null);
            FileInfo f = new FileInfo(path, FileType.REGULAR, 0755, 1000 + user, 1000 + user, null, null, null, null, null,
                    new MountInfo("/", "ext4", random.nextInt(20) == 0, false, false), random.nextBoolean(), null, null,
                    null, null);
            Request r = Request.of(Channel.values()[random.nextInt(Channel.values().length)], p, f);
            Decision got = engine.decide(r);
            String want = reference(policy, facts.build(r), r.channel());
            String gotText = summary(got);
            if (!want.equals(gotText)) mismatches.add(r + "\n  reference " + want + "\n  engine    " + gotText);
            if (got.decision() == Decision.Outcome.ALLOW) allows++;
        }
        System.out.println("reference evaluator: 3000 requests at " + rules + " rules, " + allows + " allowed, "
                + mismatches.size() + " mismatches");
        assertTrue(allows > 100 && allows < 2900, "both outcomes occur: " + allows);
        assertEquals(List.of(), mismatches.stream().limit(5).toList());
    }

    private static String summary(Decision d) {
        Set<String> reasons = new TreeSet<>();
        for (Reason r : d.reasons()) reasons.add(r.code() + (r.rule() == null ? "" : ":" + r.rule()));
        return d.decision().id() + "/" + d.enforced() + " " + reasons;
    }

    /** Deny-overrides over every rule, one by one; the kernel demands of the generated policy (check: mount). */
    private static String reference(Policy policy, Query q, Channel channel) {
        Set<String> denies = new TreeSet<>();
        Set<String> allows = new TreeSet<>();
        if (q.fileChannel() && !q.mountCheck().allowed()) denies.add(q.mountCheck().code());
        for (ScopeFile file : policy.files()) {
            if (!inScope(file.scope(), q)) continue;
            for (Rule rule : file.rules()) {
                if (!rule.channels().contains(channel)) continue;
                if (!rule.when().stream().allMatch(c -> holds(policy, c, q))) continue;
                if (rule.unless().stream().anyMatch(block -> block.stream().allMatch(c -> holds(policy, c, q)))) continue;
                (rule.effect() == Effect.ALLOW ? allows : denies).add("rule." + rule.effect().id() + ":" + rule.id());
            }
        }
        if (!denies.isEmpty()) return "deny/true " + denies;
        if (!allows.isEmpty()) return "allow/true " + allows;
        Effect d = policy.defaults().get(channel).effect();
        return d.id() + "/true [default." + d.id() + "]";
    }

    private static boolean inScope(Scope s, Query q) {
        return switch (s) {
            case Scope.Everyone e -> true;
            case Scope.User u -> u.name().equals(q.user());
            case Scope.Uid u -> q.uid() != null && q.uid() == u.uid();
            case Scope.Group g -> q.gids() != null && q.gids().contains(g.gid());
            case Scope.Service sv -> sv.unit().equals(q.service());
            case Scope.Interpreter i -> i.name().equals(q.interpreter());
        };
    }

    private static boolean holds(Policy policy, Condition c, Query q) {
        return switch (c) {
            case Condition.OneOf o -> string(c, q) != null && o.values().contains(string(c, q));
            case Condition.PathMatch p -> string(c, q) != null && p.patterns().stream().anyMatch(x -> x.matches(string(c, q)));
            case Condition.Is b -> Boolean.valueOf(b.value()).equals(bool(c, q));
            case Condition.InSet s -> {
                NamedSet set = policy.sets().get(s.set());
                yield holds(policy, new Condition.PathMatch(s.attribute(),
                        set.members().stream().map(PathPattern.class::cast).toList(), s.span()), q);
            }
            default -> throw new AssertionError("the generated policy has no " + c);
        };
    }

    private static String string(Condition c, Query q) {
        return switch (c.attribute()) {
            case PATH -> q.path();
            case INTERPRETER -> q.interpreter();
            case USER -> q.user();
            case SERVICE -> q.service();
            default -> throw new AssertionError(c.attribute().key());
        };
    }

    private static Boolean bool(Condition c, Query q) {
        return switch (c.attribute()) {
            case OTHERS_CAN_WRITE -> q.othersCanWrite();
            default -> throw new AssertionError(c.attribute().key());
        };
    }
}
