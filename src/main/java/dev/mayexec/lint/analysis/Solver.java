package dev.mayexec.lint.analysis;

import dev.mayexec.facts.Channel;
import dev.mayexec.policy.Attribute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a request that satisfies a formula, or proves there is none: a small DPLL search that
 * branches on disjunctions and checks each family of attributes exactly as literals accumulate
 * ({@link Families}). It gives up ({@link Undecided}) past a fixed budget of branches.
 */
public final class Solver {
    private static final int MAX_BRANCHES = 100_000;

    private final Families families;
    private int branches;

    Solver(Families families) {
        this.families = families;
    }

    /** Returns a model of {@code f}, or empty when nothing satisfies it. */
    public Optional<Model> solve(Formula f) {
        branches = 0;
        return search(List.of(f), State.EMPTY).map(State::model);
    }

    public boolean satisfiable(Formula f) {
        return solve(f).isPresent();
    }

    private Optional<State> search(List<Formula> todo, State state) {
        State st = state;
        List<Formula.Any> choices = new ArrayList<>();
        Deque<Formula> work = new ArrayDeque<>(todo);
        while (!work.isEmpty()) {
            switch (work.pop()) {
                case Formula.Lit l -> {
                    st = st.with(l, families);
                    if (st == null) return Optional.empty();
                }
                case Formula.All a -> a.parts().forEach(work::push);
                case Formula.Any o -> {
                    if (o.parts().isEmpty()) return Optional.empty();
                    if (o.parts().size() == 1) work.push(o.parts().getFirst());
                    else choices.add(o);
                }
            }
        }
        if (choices.isEmpty()) return Optional.of(st);
        Formula.Any branch = choices.removeFirst();
        for (Formula alternative : branch.parts()) {
            if (++branches > MAX_BRANCHES) throw new Undecided("more than " + MAX_BRANCHES + " cases to consider");
            List<Formula> rest = new ArrayList<>(choices);
            rest.add(alternative);
            Optional<State> found = search(rest, st);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** The literals taken so far, by family, with each family's current solution. Immutable. */
    private record State(List<Formula.Lit> channel, Map<String, List<Formula.Lit>> lits,
            Map<String, Map<Attribute, Object>> solutions) {
        static final State EMPTY = new State(List.of(), Map.of(), Map.of());

        /** This state with one more literal, or {@code null} when the literal's family can no longer hold. */
        State with(Formula.Lit l, Families families) {
            if (l.atom() instanceof Atom.Channels) {
                List<Formula.Lit> c = new ArrayList<>(channel);
                c.add(l);
                return Families.channel(c).isPresent() ? new State(c, lits, solutions) : null;
            }
            String family = Families.family(((Atom.Attr) l.atom()).attribute());
            List<Formula.Lit> fl = new ArrayList<>(lits.getOrDefault(family, List.of()));
            if (fl.contains(l)) return this;
            fl.add(l);
            Optional<Map<Attribute, Object>> solution = families.solve(family, fl);
            if (solution.isEmpty()) return null;
            Map<String, List<Formula.Lit>> nl = new HashMap<>(lits);
            nl.put(family, fl);
            Map<String, Map<Attribute, Object>> ns = new HashMap<>(solutions);
            ns.put(family, solution.get());
            return new State(channel, nl, ns);
        }

        Model model() {
            Channel c = Families.channel(channel).orElseThrow();
            Map<Attribute, Object> values = new HashMap<>();
            solutions.values().forEach(values::putAll);
            Set<Attribute> mentioned = new HashSet<>();
            lits.values().forEach(ls -> ls.forEach(x -> mentioned.add(((Atom.Attr) x.atom()).attribute())));
            return new Model(c, values, mentioned);
        }
    }
}
