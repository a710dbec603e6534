package dev.mayexec.fapolicyd;

import dev.mayexec.facts.Channel;
import dev.mayexec.fapolicyd.FaRule.Attr;
import dev.mayexec.fapolicyd.Outcome.Block;
import dev.mayexec.fapolicyd.Outcome.Note;
import dev.mayexec.fapolicyd.Outcome.Status;
import dev.mayexec.policy.PathPattern;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates one fapolicyd rule's condition into mayexec's terms. An allow is translated to a
 * condition that holds at most where fapolicyd's does (what cannot be said is left out, so the
 * import is stricter); a deny to one that holds at least where fapolicyd's does, and a deny whose
 * condition cannot be said at all is dropped and marks the import incomplete.
 *
 * <p>The mapping of permissions to channels: {@code execute} (the kernel executing a file) is the
 * {@code file} channel; {@code open} is the channels whose code is read from a file by name,
 * {@code module}, {@code library} and {@code config}; fapolicyd's opens of data have no counterpart,
 * since mayexec is asked only about code.
 */
final class Translator {
    /** The trust set's name in the imported policy. */
    static final String TRUST_SET = "fapolicyd-trust";

    static final Set<Channel> EXECUTE = EnumSet.of(Channel.FILE);
    static final Set<Channel> OPEN = EnumSet.of(Channel.MODULE, Channel.LIBRARY, Channel.CONFIG);

    /** fapolicyd's MIME types of scripts, and the interpreter profiles that read them. */
    static final Map<String, List<String>> INTERPRETERS = Map.ofEntries(
            Map.entry("text/x-python", List.of("python3")),
            Map.entry("application/x-bytecode.python", List.of("python3")),
            Map.entry("text/x-perl", List.of("perl")),
            Map.entry("text/x-shellscript", List.of("bash", "sh", "busybox")),
            Map.entry("text/x-ruby", List.of("ruby")),
            Map.entry("text/x-php", List.of("php")),
            Map.entry("text/x-lua", List.of("lua")),
            Map.entry("text/x-tcl", List.of("tclsh")),
            Map.entry("text/x-awk", List.of("awk")),
            Map.entry("text/x-gawk", List.of("awk")),
            Map.entry("application/javascript", List.of("node")),
            Map.entry("text/javascript", List.of("node")));

    static final String SHAREDLIB = "application/x-sharedlib";

    /** Where the runtime linker lives: fapolicyd's {@code ld_so} pattern is a program it starts. */
    static final List<String> LD_SO = List.of("/usr/lib/**/ld-linux*.so*", "/usr/lib64/**/ld-linux*.so*",
            "/lib/**/ld-linux*.so*", "/lib64/**/ld-linux*.so*");

    private final FaVersion version;
    private final TrustList trust; // null: no trust list given

    Translator(FaVersion version, TrustList trust) {
        this.version = version;
        this.trust = trust;
    }

    /** One alternative of a path-valued field: a whole path, a string prefix, a glob, or "trusted". */
    sealed interface Pred {
        record Exact(String path) implements Pred {}

        record Prefix(String prefix) implements Pred {}

        record Glob(String glob) implements Pred {}

        record Trusted() implements Pred {}
    }

    Outcome translate(FaRule r) {
        State s = new State(r);
        for (Attr a : r.subject()) s.subject(a);
        for (Attr a : r.object()) s.object(a);
        return s.finish();
    }

    /** The condition being built for one rule. */
    private final class State {
        final FaRule rule;
        final boolean allow;
        final Set<Channel> channels;
        final List<Note> notes = new ArrayList<>();
        final List<List<Pred>> negatedExe = new ArrayList<>();
        final List<List<Pred>> negatedPath = new ArrayList<>();
        List<Pred> exe; // null: no condition
        List<Pred> path;
        Set<String> uid;
        List<String> group;
        Set<String> interpreters;
        Set<String> sha;
        Boolean packageTrusted;
        boolean never;
        boolean dropped;
        boolean incomplete;

        State(FaRule rule) {
            this.rule = rule;
            this.allow = rule.allow();
            this.channels = switch (rule.perm()) {
                case EXECUTE -> EnumSet.copyOf(EXECUTE);
                case OPEN -> EnumSet.copyOf(OPEN);
                case ANY -> { Set<Channel> all = EnumSet.copyOf(EXECUTE); all.addAll(OPEN); yield all; }
            };
        }

        void subject(Attr a) {
            switch (a.name()) {
                case "all" -> { }
                case "uid" -> {
                    uid = meet(uid, a.values());
                    if (a.namesResolved()) approx("name-resolved", "uid names were resolved on this machine");
                }
                case "gid" -> {
                    if (group == null || a.values().containsAll(group)) {
                        group = group == null ? a.values() : group; // holding a group of the smaller set holds both
                    } else if (group.containsAll(a.values())) {
                        group = a.values();
                    } else {
                        cannotCombine("gid");
                    }
                    if (a.namesResolved()) approx("name-resolved", "group names were resolved on this machine");
                }
                case "pattern" -> {
                    if (a.values().equals(List.of("ld_so"))) {
                        exe = and(exe, LD_SO.stream().<Pred>map(Pred.Glob::new).toList(), "pattern");
                        approx("pattern-as-exe", "pattern=ld_so is taken as: the process's executable is the runtime linker");
                    } else {
                        unsupported("pattern=" + String.join(",", a.values()));
                    }
                }
                case "trust" -> trustField(a, true);
                case "exe" -> exe = and(exe, macros(a, false, true), "exe");
                case "dir" -> exe = and(exe, macros(a, true, true), "dir");
                default -> unsupported(a.name()); // auid, sessionid, pid, ppid, comm, device, ftype of the subject
            }
        }

        void object(Attr a) {
            switch (a.name()) {
                case "all" -> { }
                case "path" -> path = and(path, a.values().stream().<Pred>map(Pred.Exact::new).toList(), "path");
                case "dir" -> path = and(path, macros(a, true, false), "dir");
                case "trust" -> trustField(a, false);
                case "sha256hash" -> sha = meet(sha, a.values().stream().filter(h -> h.matches("[0-9a-f]{64}")).toList());
                case "ftype" -> ftype(a);
                default -> unsupported(a.name()); // device, mode
            }
        }

        private void trustField(Attr a, boolean subject) {
            boolean trusted = a.values().getFirst().equals("1");
            String key = subject ? "exe" : "path";
            if (trust == null) {
                if (subject) {
                    unsupported("trust (of the subject, with no --trust list)");
                } else {
                    packageTrusted = meetBool(packageTrusted, trusted);
                    approx("trust-as-package", "trust=" + (trusted ? 1 : 0) + " is taken as package-trusted: "
                            + trusted + " (no --trust list given)");
                }
                return;
            }
            if (trusted) {
                if (subject) exe = and(exe, List.of(new Pred.Trusted()), key);
                else path = and(path, List.of(new Pred.Trusted()), key);
            } else {
                (subject ? negatedExe : negatedPath).add(List.of(new Pred.Trusted()));
            }
        }

        /**
         * The alternatives of an {@code exe} or {@code dir} field, with the macros as {@code version}
         * has them: before 1.4.4 a macro never matches, and where it was meant to match it makes the
         * field fail (a negation); from 1.4.4 {@code execdirs} and {@code systemdirs} are prefixes
         * and {@code untrusted} is "not trusted".
         */
        private List<Pred> macros(Attr a, boolean dir, boolean subject) {
            Set<String> words = dir ? Set.of("execdirs", "systemdirs", "untrusted") : Set.of("untrusted");
            List<Pred> preds = new ArrayList<>();
            for (String v : a.values()) {
                if (!words.contains(v)) preds.add(dir ? new Pred.Prefix(v) : new Pred.Exact(v));
            }
            List<List<Pred>> negated = subject ? negatedExe : negatedPath;
            boolean exec = a.values().contains("execdirs");
            boolean system = a.values().contains("systemdirs");
            boolean untrusted = a.values().contains("untrusted");
            if (!exec && !system && !untrusted) return preds;
            if (!version.macrosMatch()) {
                note("quirk-" + version.label(), "in fapolicyd " + version.label() + " the macros of `" + a.name()
                        + "` never match, and a path they name makes the field fail");
                if (preds.isEmpty()) return preds; // the field never holds
                if (exec || system) negated.add(macroDirs(system));
                if (untrusted) negateTrusted(negated);
                return preds;
            }
            if (exec || system) preds.addAll(macroDirs(system));
            if (untrusted) {
                if (preds.isEmpty()) {
                    negateTrusted(negated);
                    return null; // no positive condition: the negation says it all
                }
                if (allow) {
                    approx("untrusted-left-out", "`untrusted` among other values of `" + a.name() + "` is left out");
                } else {
                    unsupported(a.name() + "=untrusted with other values");
                }
            }
            return preds;
        }

        private List<Pred> macroDirs(boolean system) {
            List<Pred> out = new ArrayList<>(FirstMatch.EXECDIRS.stream().<Pred>map(Pred.Prefix::new).toList());
            if (system) out.add(new Pred.Prefix("/etc/"));
            return out;
        }

        private void negateTrusted(List<List<Pred>> negated) {
            if (trust == null) {
                unsupported("untrusted (with no --trust list)");
            } else {
                negated.add(List.of(new Pred.Trusted()));
            }
        }

        private void ftype(Attr a) {
            if (a.values().contains("any")) return;
            Set<String> mimes = new LinkedHashSet<>(a.values());
            if (mimes.equals(Set.of(SHAREDLIB))) {
                channels.retainAll(EnumSet.of(Channel.LIBRARY));
                approx("ftype-as-library", "ftype=" + SHAREDLIB + " is taken as the library channel");
                return;
            }
            Set<String> mapped = new TreeSet<>();
            List<String> unmapped = new ArrayList<>();
            for (String m : mimes) {
                List<String> names = INTERPRETERS.get(m);
                if (names == null) unmapped.add(m);
                else mapped.addAll(names);
            }
            if (mapped.isEmpty()) {
                unsupported("ftype=" + String.join(",", unmapped));
                return;
            }
            interpreters = meet(interpreters, List.copyOf(mapped));
            approx("ftype-as-interpreter", "ftype is taken as the interpreter that reads it: " + String.join(", ", mapped));
            if (!unmapped.isEmpty()) {
                note("ftype-unmapped", "no interpreter profile reads " + String.join(", ", unmapped)
                        + (allow ? ": left out of the allow" : ": the deny does not cover them"));
                if (!allow) incomplete = true;
            }
        }

        /** Two alternatives lists of one path-valued fact, both required; null: no condition. */
        private List<Pred> and(List<Pred> current, List<Pred> add, String field) {
            if (add == null) return current;
            if (current == null) return add;
            List<Pred> out = new ArrayList<>();
            for (Pred x : current) {
                for (Pred y : add) {
                    List<Pred> m = meet(x, y);
                    if (m == null) {
                        cannotCombine(field); // the allow is dropped; the deny keeps the first, which holds more
                        return current;
                    }
                    for (Pred p : m) if (!out.contains(p)) out.add(p);
                }
            }
            return out;
        }

        /** The alternatives that hold where both {@code x} and {@code y} do; null when not computed. */
        private List<Pred> meet(Pred x, Pred y) {
            if (y instanceof Pred.Exact || x instanceof Pred.Trusted) return meetOrdered(y, x);
            return meetOrdered(x, y);
        }

        private List<Pred> meetOrdered(Pred x, Pred y) {
            return switch (x) {
                case Pred.Exact e -> holds(y, e.path()) ? List.of(x) : List.of();
                case Pred.Prefix p when y instanceof Pred.Prefix q ->
                        p.prefix().startsWith(q.prefix()) ? List.of(x) : q.prefix().startsWith(p.prefix()) ? List.of(y) : List.of();
                case Pred.Glob g when y instanceof Pred.Glob h -> g.equals(h) ? List.of(x) : null;
                case Pred.Trusted t -> List.of(x); // both trusted (x is trusted only when y is)
                default -> y instanceof Pred.Trusted
                        ? trust.paths().stream().filter(p -> holds(x, p)).<Pred>map(Pred.Exact::new).toList()
                        : null; // a prefix and a glob: not computed
            };
        }

        private boolean holds(Pred p, String path) {
            return switch (p) {
                case Pred.Exact e -> e.path().equals(path);
                case Pred.Prefix q -> path.startsWith(q.prefix());
                case Pred.Glob g -> PathPattern.Glob.of(g.glob()).matches(path);
                case Pred.Trusted t -> trust.contains(path);
            };
        }

        private Set<String> meet(Set<String> current, List<String> add) {
            if (current == null) return new TreeSet<>(add);
            Set<String> out = new TreeSet<>(current);
            out.retainAll(add);
            return out;
        }

        private Boolean meetBool(Boolean current, boolean add) {
            if (current != null && current != add) never = true;
            return add;
        }

        private void cannotCombine(String field) {
            if (allow) {
                dropped = true;
                notes.add(new Note("cannot-combine", "two `" + field + "` conditions that mayexec cannot write as one: the allow is left out", true));
            } else {
                approx("cannot-combine", "two `" + field + "` conditions: the deny keeps the first, and holds more widely");
            }
        }

        private void unsupported(String what) {
            dropped = true;
            if (!allow) incomplete = true;
            notes.add(new Note("no-counterpart", "mayexec has no fact for `" + what + "`"
                    + (allow ? ": the allow is left out (stricter)" : ": the deny is not carried over"), true));
        }

        private void approx(String code, String detail) {
            notes.add(new Note(code, detail, true));
        }

        private void note(String code, String detail) {
            notes.add(new Note(code, detail, false));
        }

        Outcome finish() {
            List<Block> negations = new ArrayList<>();
            Map<String, List<String>> when = new LinkedHashMap<>();
            if (!dropped && !never && !channels.isEmpty()) {
                never |= !put(when, "uid", uid == null ? null : List.copyOf(uid));
                never |= !put(when, "group", group);
                never |= !paths(when, "exe", exe, allow);
                never |= !put(when, "interpreter", interpreters == null ? null : List.copyOf(interpreters));
                never |= !paths(when, "path", path, allow);
                never |= !put(when, "sha256", sha == null ? null : sha.stream().map(Translator::quoted).toList());
                if (packageTrusted != null) when.put("package-trusted", List.of(packageTrusted.toString()));
                // an exception is rendered the other way round (less, for a deny's unless; more, for an allow's)
                for (List<Pred> n : negatedExe) negation(negations, "exe", n);
                for (List<Pred> n : negatedPath) negation(negations, "path", n);
            }
            boolean approximate = notes.stream().anyMatch(Note::approximates);
            Status status = dropped ? Status.DROPPED : approximate ? Status.APPROXIMATE : Status.EXACT;
            Block block = dropped || never || channels.isEmpty() ? null : new Block(when);
            return new Outcome(rule, status, notes, channels, block, negations, incomplete);
        }

        private void negation(List<Block> out, String key, List<Pred> preds) {
            Map<String, List<String>> m = new LinkedHashMap<>();
            if (!paths(m, key, preds, !allow)) return; // the exception never holds: none
            Block b = new Block(m);
            if (b.always()) never = true; // an exception that always holds: the rule never does
            else out.add(b);
        }

        /** Adds a condition; false when it can never hold (no value left). */
        private boolean put(Map<String, List<String>> when, String key, List<String> values) {
            if (values == null) return true;
            if (values.isEmpty()) return false;
            when.put(key, values);
            return true;
        }

        /**
         * Renders alternatives as YAML path items, less for an allow ({@code under}), more for a deny;
         * false when none can hold.
         */
        private boolean paths(Map<String, List<String>> when, String key, List<Pred> preds, boolean under) {
            if (preds == null) return true;
            List<String> items = new ArrayList<>();
            for (Pred p : preds) {
                Rendered r = render(p, under);
                if (r == Rendered.ALWAYS) return true; // one alternative always holds: no condition
                if (r.lossy != null) {
                    if (under) approx("path-left-out", r.lossy);
                    else if (r.yaml == null) unsupported(key + " value that mayexec cannot write (" + r.lossy + ")");
                    else approx("path-widened", r.lossy);
                }
                if (r.yaml != null && !items.contains(r.yaml)) items.add(r.yaml);
            }
            return put(when, key, items);
        }
    }

    /** A path alternative as a YAML item (null: it never holds), or ALWAYS; {@code lossy} says what was lost. */
    private record Rendered(String yaml, String lossy) {
        static final Rendered ALWAYS = new Rendered("", null);
        static final Rendered NEVER = new Rendered(null, null);
    }

    private Rendered render(Pred p, boolean under) {
        return switch (p) {
            case Pred.Trusted t -> trust.paths().isEmpty() ? Rendered.NEVER : new Rendered("{set: " + TRUST_SET + "}", null);
            case Pred.Glob g -> new Rendered("{glob: " + quoted(g.glob()) + "}", null);
            case Pred.Exact e -> !canonical(e.path()) ? Rendered.NEVER : literal(e.path(), quoted(e.path()), under);
            case Pred.Prefix q -> prefix(q.prefix(), under);
        };
    }

    /** A raw string prefix, as fapolicyd's {@code dir} compares it: no path boundary. */
    private Rendered prefix(String prefix, boolean under) {
        if (prefix.isEmpty() || prefix.equals("/")) return Rendered.ALWAYS;
        if (!prefix.startsWith("/")) return Rendered.NEVER;
        if (prefix.endsWith("/")) {
            String dir = prefix.substring(0, prefix.length() - 1);
            return !canonical(dir) ? Rendered.NEVER : literal(dir, "{under: " + quoted(dir) + "}", under);
        }
        // the last segment may be cut short ("/tmp/fa/sh" holds for "/tmp/fa/shebang.py"): a glob
        if (prefix.contains("//") || prefix.contains("/./") || prefix.contains("/../")) return Rendered.NEVER;
        return literal(prefix, "{glob: " + quoted(prefix + "**") + "}", under);
    }

    /** A literal path in a pattern: characters mayexec's patterns do not take, or read as a glob, are lossy. */
    private static Rendered literal(String path, String yaml, boolean under) {
        if (path.chars().anyMatch(c -> c == '"' || c == '\\' || c == '[' || c == ']' || c == '{' || c == '}' || c < 0x20)) {
            return new Rendered(null, "`" + path + "` holds a character mayexec's paths do not take");
        }
        if (PathPattern.Glob.of(path).parts().stream().anyMatch(x -> !(x instanceof PathPattern.Part.Literal))) {
            String why = "`" + path + "` holds `*` or `?`, which mayexec reads as a glob";
            return under ? new Rendered(null, why) : new Rendered(yaml, why);
        }
        return new Rendered(yaml, null);
    }

    /** Whether a path can be one the kernel reports: absolute, with no empty, `.` or `..` segment. */
    static boolean canonical(String p) {
        return p.startsWith("/") && (p.length() == 1 || !p.endsWith("/")) && !p.contains("//") && !p.contains("/./")
                && !p.contains("/../") && !p.endsWith("/.") && !p.endsWith("/..");
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
