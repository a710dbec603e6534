package dev.mayexec.profile;

import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.policy.Syntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interpreter profiles in effect for a policy, in the order they are consulted: the policy's own
 * ({@code interpreters/*.yaml}, in path order), then the shipped ones it does not override by name.
 * The first whose executables match a process's executable is its interpreter.
 */
public final class Profiles {
    /** Borrowing ({@code syntax: NAME}) stops after this many steps; the checker reports cycles. */
    private static final int MAX_BORROW = 8;

    private final List<Profile> profiles;
    private final Map<String, Profile> byName = new LinkedHashMap<>();

    private Profiles(List<Profile> profiles) {
        this.profiles = List.copyOf(profiles);
        for (Profile p : profiles) byName.putIfAbsent(p.name(), p);
    }

    public static Profiles of(Policy policy) {
        return of(policy.files(), policy.shipped());
    }

    /** The profiles of a policy's files ({@code files}, any scope) over the shipped ones. */
    public static Profiles of(List<ScopeFile> files, List<ScopeFile> shippedFiles) {
        Map<String, ScopeFile> own = named(files);
        Map<String, ScopeFile> shipped = named(shippedFiles);
        List<Profile> out = new ArrayList<>();
        for (ScopeFile f : own.values()) {
            out.add(profile(f, own, shipped, true));
        }
        for (ScopeFile f : shipped.values()) {
            if (!own.containsKey(name(f))) out.add(profile(f, own, shipped, false));
        }
        return new Profiles(out);
    }

    private static Map<String, ScopeFile> named(List<ScopeFile> files) {
        Map<String, ScopeFile> out = new LinkedHashMap<>();
        for (ScopeFile f : files) {
            if (f.scope() instanceof Scope.Interpreter in) out.putIfAbsent(in.name(), f);
        }
        return out;
    }

    private static String name(ScopeFile f) {
        return ((Scope.Interpreter) f.scope()).name();
    }

    private static Profile profile(ScopeFile f, Map<String, ScopeFile> own, Map<String, ScopeFile> shipped, boolean isOwn) {
        Scope.Interpreter in = (Scope.Interpreter) f.scope();
        return new Profile(in.name(), in.executables(), syntax(in, own, shipped, isOwn, 0), f.file());
    }

    /**
     * A profile's syntax: its own; else the one it borrows by name (a policy's profile may borrow
     * from the policy's profiles and the shipped ones, a shipped one only from the shipped); else, for
     * a policy's profile, that of the shipped profile with its name.
     */
    private static Syntax syntax(Scope.Interpreter in, Map<String, ScopeFile> own, Map<String, ScopeFile> shipped,
            boolean isOwn, int depth) {
        if (in.syntax() != null) return in.syntax();
        if (depth > MAX_BORROW) return null;
        if (in.syntaxOf() != null) {
            boolean fromOwn = isOwn && own.containsKey(in.syntaxOf().name());
            ScopeFile lender = (fromOwn ? own : shipped).get(in.syntaxOf().name());
            return lender == null ? null : syntax((Scope.Interpreter) lender.scope(), own, shipped, fromOwn, depth + 1);
        }
        ScopeFile same = isOwn ? shipped.get(in.name()) : null;
        return same == null ? null : syntax((Scope.Interpreter) same.scope(), own, shipped, false, depth + 1);
    }

    /** The profile that runs {@code exe}, an absolute path. */
    public Optional<Profile> byExecutable(String exe) {
        return profiles.stream().filter(p -> p.runs(exe)).findFirst();
    }

    public Optional<Profile> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The profile one of whose executables is named {@code command} (a name without a directory). */
    public Optional<Profile> byCommand(String command) {
        return profiles.stream().filter(p -> p.named(command)).findFirst();
    }

    /** Every profile in effect, in the order they are consulted. */
    public List<Profile> all() {
        return profiles;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
