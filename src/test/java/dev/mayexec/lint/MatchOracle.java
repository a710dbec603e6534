package dev.mayexec.lint;

import dev.mayexec.Decision;
import dev.mayexec.Reason;
import dev.mayexec.compile.DrlCompiler;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.engine.RuleEngine;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.json.RequestException;
import dev.mayexec.json.RequestJson;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.KernelLevel;
import dev.mayexec.policy.KernelSettings;
import dev.mayexec.policy.Mode;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.ScopeFile;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engine as an independent judge of the linter's examples: {@link #matched} runs a request
 * through Drools on a copy of the policy in which every rule allows and nothing else denies, so
 * the decision's reasons list every rule that matches it; {@link #decide} runs the real policy.
 */
public final class MatchOracle {
    private final RuleEngine all;
    private final RuleEngine real;

    public MatchOracle(Policy policy) throws PolicyException {
        Map<Channel, ChannelDefault> denyAll = new EnumMap<>(Channel.class);
        policy.defaults().forEach((c, d) -> denyAll.put(c, new ChannelDefault(Effect.DENY, d.span())));
        Policy allows = new Policy(policy.name(), policy.description(), Mode.ENFORCE, denyAll, policy.defaultsSpan(),
                policy.sets(), policy.files().stream().map(MatchOracle::allowing).toList(), policy.shipped(), policy.hash());
        this.all = RuleEngine.build(DrlCompiler.compile(allows));
        this.real = RuleEngine.build(DrlCompiler.compile(policy));
    }

    private static ScopeFile allowing(ScopeFile f) {
        return new ScopeFile(f.file(), f.scope(), Mode.ENFORCE, new KernelSettings(KernelLevel.NONE, Set.of(), f.span()),
                f.rules().stream().map(r -> new Rule(r.id(), Effect.ALLOW, r.channels(), r.when(), r.unless(), r.message(),
                        r.span())).toList(), f.span());
    }

    /** The ids of the rules that match the request (its securebits play no part in matching). */
    public Set<String> matched(String json) throws RequestException {
        Request r = RequestJson.parse(json);
        ProcessInfo p = r.process();
        ProcessInfo without = new ProcessInfo(p.pid(), p.uid(), p.gid(), p.groups(), p.user(), p.service(), p.exe(),
                p.interpreter(), p.parentExe(), null, p.capabilities(), p.noNewPrivs(), p.lsmLabel(), p.stdinTty(),
                p.inheritedFds());
        Decision d = all.decide(new Request(r.channel(), without, r.file(), r.argv(), r.env()));
        return d.reasons().stream().filter(x -> x.code().equals("rule.allow")).map(Reason::rule).collect(Collectors.toSet());
    }

    public Decision decide(String json) throws RequestException {
        return real.decide(RequestJson.parse(json));
    }
}
