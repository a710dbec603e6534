package dev.mayexec.lint.analysis;

import dev.mayexec.policy.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A boolean combination of atoms, kept in negation normal form: negation reaches only literals.
 * A rule's match is {@code channels ∧ scope ∧ when ∧ ¬unless₁ ∧ …}; questions such as "does this
 * deny cover that allow" are formulas to satisfy ({@link Solver}).
 */
public sealed interface Formula {
    Formula TRUE = new All(List.of());
    Formula FALSE = new Any(List.of());

    /** An atom or its negation; {@code origin} is the condition it comes from, if any (for messages). */
    record Lit(Atom atom, boolean positive, Condition origin) implements Formula {}

    record All(List<Formula> parts) implements Formula {
        public All {
            parts = List.copyOf(parts);
        }
    }

    record Any(List<Formula> parts) implements Formula {
        public Any {
            parts = List.copyOf(parts);
        }
    }

    static Formula lit(Atom atom) {
        return new Lit(atom, true, null);
    }

    static Formula all(List<Formula> parts) {
        List<Formula> flat = flatten(parts, All.class);
        return flat.size() == 1 ? flat.getFirst() : new All(flat);
    }

    static Formula all(Formula... parts) {
        return all(List.of(parts));
    }

    static Formula any(List<Formula> parts) {
        List<Formula> flat = flatten(parts, Any.class);
        return flat.size() == 1 ? flat.getFirst() : new Any(flat);
    }

    /** The parts, with nested conjunctions (or disjunctions) of the same kind spliced in. */
    private static List<Formula> flatten(List<Formula> parts, Class<? extends Formula> kind) {
        List<Formula> flat = new ArrayList<>();
        for (Formula f : parts) {
            if (f instanceof All a && kind == All.class) flat.addAll(a.parts());
            else if (f instanceof Any o && kind == Any.class) flat.addAll(o.parts());
            else flat.add(f);
        }
        return flat;
    }

    static Formula any(Formula... parts) {
        return any(List.of(parts));
    }

    static Formula not(Formula f) {
        return switch (f) {
            case Lit l -> new Lit(l.atom(), !l.positive(), l.origin());
            case All a -> any(a.parts().stream().map(Formula::not).toList());
            case Any o -> all(o.parts().stream().map(Formula::not).toList());
        };
    }

    /** Evaluates the formula on a concrete request, given which atoms hold on it. */
    default boolean holds(Predicate<Atom> atoms) {
        return switch (this) {
            case Lit l -> atoms.test(l.atom()) == l.positive();
            case All a -> a.parts().stream().allMatch(p -> p.holds(atoms));
            case Any o -> o.parts().stream().anyMatch(p -> p.holds(atoms));
        };
    }
}
