package dev.mayexec.bench;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.collect.Kernel;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * mayexec side by side with jCasbin on the same attribute-based policy (the generated one: per-user
 * rules on channel, interpreter and path; global denies on shared directories), and with the
 * kernel's own {@code AT_EXECVE_CHECK}. The Casbin policy is derived rule by rule from the mayexec
 * model, with deny-overrides as its effect; paths become {@code keyMatch} patterns. One request that
 * a user rule allows, decided afresh each time (mayexec uncached) and through the cache.
 *
 * <p>Run: {@code bin/bench SideBySideBenchmark} (see docs/BENCHMARKS.md for the ratios).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
public class SideBySideBenchmark {
    private static final String MODEL = """
            [request_definition]
            r = sub, obj, act, interp

            [policy_definition]
            p = sub, obj, act, interp, eft

            [policy_effect]
            e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

            [matchers]
            m = (p.sub == "*" || r.sub == p.sub) && r.act == p.act && (p.interp == "*" || r.interp == p.interp) && keyMatch(r.obj, p.obj)
            """;

    @Param({"100", "1000", "10000"})
    int rules;

    private Decider cached;
    private Decider uncached;
    private Enforcer casbin;
    private Request request;
    private Path script;

    @Setup
    public void setUp() throws Exception {
        Path dir = PolicyGenerator.write(Files.createTempDirectory("mayexec-side"), rules);
        cached = Decider.load(dir);
        uncached = Decider.load(dir, 0);
        casbin = new Enforcer(Model.newModelFromString(MODEL));
        casbin.enableLog(false);
        int lines = 0;
        for (ScopeFile f : uncached.engine().compiled().policy().files()) {
            String sub = f.scope() instanceof Scope.User u ? u.name() : "*";
            for (Rule r : f.rules()) {
                for (Channel ch : r.channels()) {
                    casbin.addPolicy(sub, object(r), ch.id(), interpreter(r), r.effect() == dev.mayexec.policy.Effect.ALLOW
                            ? "allow" : "deny");
                    lines++;
                }
            }
        }
        System.out.println("\ncasbin policy lines: " + lines);
        int user = rules >= 1000 ? 37 : 3;
        String interp = firstUserRuleInterpreter(uncached.engine().compiled().policy(), "user" + user);
        String exe = "/usr/bin/" + interp + (interp.equals("python3") ? ".11" : "");
        ProcessInfo p = new ProcessInfo(4242, 1000 + user, 1000 + user, List.of(1000 + user), "user" + user, null, exe, null,
                null, null, null, null, null, null);
        FileInfo f = new FileInfo("/home/user" + user + "/p2/tool.py", FileType.REGULAR, 0755, 1000 + user, 1000 + user,
                2049L, 77L, 100L, 1L, 1L, new MountInfo("/home", "ext4", false, false, false), false, null, null, null, null);
        Channel channel = firstUserRuleChannel(uncached.engine().compiled().policy(), "user" + user);
        request = Request.of(channel, p, f);
        casbinRequest = new Object[] {"user" + user, f.path(), channel.id(), interp};
        System.out.println("mayexec: " + uncached.decide(request).decision() + ", casbin: " + casbin.enforce(casbinRequest));
        script = Files.writeString(Files.createTempDirectory("mayexec-side").resolve("s.py"), "print(1)\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Object[] casbinRequest;

    private static String object(Rule r) {
        for (Condition c : r.when()) {
            if (c instanceof Condition.PathMatch pm) {
                PathPattern p = pm.patterns().getFirst();
                return switch (p) {
                    case PathPattern.Exact e -> e.path();
                    case PathPattern.Under u -> u.dir() + "/*";
                    case PathPattern.Glob g -> g.glob().substring(0, g.glob().lastIndexOf('/')) + "/*";
                };
            }
        }
        return "*";
    }

    private static String interpreter(Rule r) {
        for (Condition c : r.when()) {
            if (c instanceof Condition.OneOf o && o.attribute() == dev.mayexec.policy.Attribute.INTERPRETER) {
                return o.values().getFirst();
            }
        }
        return "*";
    }

    private static Rule firstRule(Policy policy, String user) {
        return policy.files().stream().filter(f -> f.scope() instanceof Scope.User u && u.name().equals(user))
                .findFirst().orElseThrow().rules().get(2);
    }

    private static String firstUserRuleInterpreter(Policy policy, String user) {
        return interpreter(firstRule(policy, user));
    }

    private static Channel firstUserRuleChannel(Policy policy, String user) {
        return firstRule(policy, user).channels().iterator().next();
    }

    @Benchmark
    public Decision mayexecUncached() {
        return uncached.decide(request);
    }

    @Benchmark
    public Decision mayexecCached() {
        return cached.decide(request);
    }

    @Benchmark
    public boolean casbin() {
        return casbin.enforce(casbinRequest);
    }

    @Benchmark
    public String kernelAtExecveCheck() {
        return Kernel.checkExec(script);
    }
}
