package dev.mayexec.engine;

import dev.mayexec.facts.Request;
import dev.mayexec.policy.Scope;
import java.util.List;

/**
 * The query fact the engine would insert for a request, for tools that reason about the same facts
 * without running Drools (the linter checks its example requests against it).
 */
public final class Facts {
    private Facts() {}

    /**
     * Returns the request as the engine sees it, with the interpreter resolved from {@code interpreters}.
     *
     * @throws IllegalArgumentException for a request that cannot be judged (a relative path, say)
     */
    public static Query of(Request request, List<Scope.Interpreter> interpreters) {
        return new FactBuilder(interpreters).build(request);
    }
}
