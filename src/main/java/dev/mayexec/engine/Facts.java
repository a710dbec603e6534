package dev.mayexec.engine;

import dev.mayexec.facts.Request;
import dev.mayexec.policy.Policy;
import dev.mayexec.profile.Profiles;

/**
 * The query fact the engine would insert for a request, for tools that reason about the same facts
 * without running Drools (the linter checks its example requests against it).
 */
public final class Facts {
    private Facts() {}

    /**
     * Returns the request as the engine sees it, with the interpreter resolved from the policy's
     * profiles in effect (its own, then the shipped ones).
     *
     * @throws IllegalArgumentException for a request that cannot be judged (a relative path, say)
     */
    public static Query of(Request request, Policy policy) {
        return new FactBuilder(Profiles.of(policy)).build(request);
    }
}
