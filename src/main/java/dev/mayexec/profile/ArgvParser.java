package dev.mayexec.profile;

import dev.mayexec.facts.Channel;
import dev.mayexec.policy.EnvSpec;
import dev.mayexec.policy.OptionSpec;
import dev.mayexec.policy.Syntax;
import dev.mayexec.policy.WordPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads one interpreter's arguments with its profile's syntax, as the interpreter's own option
 * parser would, and collects the code they amount to. One parser per invocation: it keeps state.
 */
final class ArgvParser {
    /** Whether the interpreter is interactive, which decides the start-up variables it reads. */
    private enum Interactivity {
        YES,
        NO,
        UNKNOWN
    }

    /** The invocation cannot be classified; becomes {@link Classification.Refused}. */
    static final class Refusal extends Exception {
        final String code;

        Refusal(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final Syntax syntax;
    private final List<String> args;
    private final Map<String, String> env;
    private final Boolean stdinTty;
    private final String stdinPath;
    private final Disk disk;
    private String cwd;

    private final List<Part> parts = new ArrayList<>();
    private final List<String> ignoredEnv = new ArrayList<>();
    private int i;
    private boolean programGiven;
    private Channel operandProgram;
    private boolean stdinProgram;
    private boolean stdinNamed;
    private boolean scriptGiven;
    private boolean argumentsOnly;
    private boolean suppressStdin;
    private boolean after;
    private boolean modeInteractive;
    private boolean exits;
    private boolean searchPath;
    private boolean settingEndsOptions;

    ArgvParser(Syntax syntax, List<String> args, Map<String, String> env, String cwd, Boolean stdinTty, String stdinPath,
            Disk disk) {
        this.syntax = syntax;
        this.args = List.copyOf(args);
        this.env = env;
        this.cwd = cwd;
        this.stdinTty = stdinTty;
        this.stdinPath = stdinPath;
        this.disk = disk;
    }

    /** The parts, in the order the interpreter reads them: start-up variables, the arguments, standard input. */
    List<Part> parse() throws Refusal {
        boolean optionsDone = false;
        while (i < args.size() && !exits && !argumentsOnly) {
            String w = args.get(i);
            if (!optionsDone) {
                if (syntax.endOfOptions().contains(w)) {
                    optionsDone = true;
                    i++;
                    continue;
                }
                if (syntax.argumentsFollow().contains(w)) {
                    argumentsOnly = true;
                    break;
                }
                if (!w.equals(syntax.stdinWord()) && looksLikeOption(w)) {
                    optionsDone = option(w);
                    continue;
                }
            }
            operands();
            break;
        }
        return finish();
    }

    private boolean looksLikeOption(String w) {
        return w.length() > 1 && (w.charAt(0) == '-' || (w.charAt(0) == '+' && syntax.plusOptions()));
    }

    /* ------- options ------- */

    /** Reads the option word at {@code i} (and its argument); returns whether options end after it. */
    private boolean option(String w) throws Refusal {
        if (w.startsWith("--")) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? w : w.substring(0, eq);
            OptionSpec spec = syntax.option(name).orElse(null);
            if (spec == null) return unknown(w, w);
            return whole(w, spec, eq < 0 ? null : w.substring(eq + 1));
        }
        if (w.length() > 2 && syntax.options().containsKey(w)) {
            return whole(w, syntax.options().get(w), null); // a single-dash long option (`-encoding`, `-pe`)
        }
        return cluster(w);
    }

    private boolean whole(String w, OptionSpec spec, String attached) throws Refusal {
        i++;
        String value = switch (spec.arg()) {
            case NONE -> {
                if (attached != null) {
                    throw new Refusal("profile.bad-option", "option `" + spec.name() + "` takes no value, found `" + w + "`");
                }
                yield null;
            }
            case REQUIRED -> attached != null ? attached : next(spec);
            case ATTACHED -> {
                if (attached == null) throw missing(spec);
                yield attached;
            }
            case OPTIONAL -> attached;
        };
        return apply(spec, value);
    }

    /** A word of short options, {@code -xc}: each character is one, until one takes the rest as its argument. */
    private boolean cluster(String w) throws Refusal {
        i++;
        char sign = w.charAt(0);
        boolean ends = false;
        for (int j = 1; j < w.length() && !exits; j++) {
            String key = "" + sign + w.charAt(j);
            OptionSpec spec = sign == '-' ? syntax.options().get(key) : plus(key);
            if (spec == null) return unknown(w, key);
            String rest = w.substring(j + 1);
            switch (spec.arg()) {
                case NONE -> {
                    ends |= apply(spec, null);
                    if (!syntax.clusters() && !rest.isEmpty()) return unknown(w, w);
                }
                case REQUIRED -> {
                    return ends | apply(spec, rest.isEmpty() ? next(spec) : rest);
                }
                case ATTACHED -> {
                    if (rest.isEmpty()) throw missing(spec);
                    return ends | apply(spec, rest);
                }
                case OPTIONAL -> {
                    if (spec.pattern() == null) return ends | apply(spec, rest.isEmpty() ? null : rest);
                    int taken = spec.pattern().prefix(rest).orElse(0);
                    ends |= apply(spec, taken == 0 ? null : rest.substring(0, taken));
                    j += taken; // the cluster goes on after what the argument took (`perl -l0pe`)
                }
            }
        }
        return ends;
    }

    /** {@code +x} turns off what {@code -x} turns on; only options that carry no code have it. */
    private OptionSpec plus(String key) {
        OptionSpec explicit = syntax.options().get(key);
        if (explicit != null) return explicit;
        OptionSpec minus = syntax.options().get("-" + key.substring(1));
        return minus != null && minus.plusable() ? minus : null;
    }

    private boolean unknown(String word, String option) throws Refusal {
        if (syntax.unknownOptions() == Syntax.UnknownOptions.ARGUMENTS) {
            argumentsOnly = true; // the interpreter takes the word, and all after it, as the program's arguments
            return true;
        }
        throw new Refusal("profile.unknown-option", "unknown option `" + option + "`" + (word.equals(option) ? ""
                : " in `" + word + "`") + ": whether it takes an argument, which could be code, cannot be told");
    }

    private String next(OptionSpec spec) throws Refusal {
        if (i >= args.size()) throw missing(spec);
        return args.get(i++);
    }

    private static Refusal missing(OptionSpec spec) {
        return new Refusal("profile.missing-argument", "option `" + spec.name() + "` needs an argument, and none follows");
    }

    /** Applies an option's effects; returns whether options end after it. */
    private boolean apply(OptionSpec spec, String value) throws Refusal {
        exits |= spec.exits();
        if (value != null) {
            if (spec.chdir()) cwd = Locations.absolute(cwd, value);
            if (spec.settings() != null) settings(spec, value);
            if (spec.code() != null && spec.program() != Syntax.Program.OPERAND) {
                code(spec, value, "option `" + spec.name() + "`");
            }
        }
        if (spec.program() != null) {
            switch (spec.program()) {
                case ARGUMENT -> programGiven |= value != null;
                case OPERAND -> operandProgram = spec.code();
                case STDIN -> stdinProgram = true;
            }
        }
        if (spec.interactive() == Syntax.Interactive.AFTER) after = true;
        if (spec.interactive() == Syntax.Interactive.MODE) modeInteractive = true;
        suppressStdin |= spec.suppressesStdin();
        searchPath |= spec.searchPath();
        ignoredEnv.addAll(spec.ignoreEnv());
        boolean ends = spec.endsOptions() || settingEndsOptions;
        settingEndsOptions = false;
        return ends;
    }

    /** {@code key=value} settings, some of which name code ({@code php -d auto_prepend_file=x.php}). */
    private void settings(OptionSpec option, String value) throws Refusal {
        OptionSpec.Settings s = option.settings();
        List<String> items = s.separator() == null ? List.of(value) : List.of(value.split(java.util.regex.Pattern.quote(s.separator())));
        for (String item : items) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            OptionSpec spec = s.keys().get(key);
            if (spec == null) {
                if (s.unknownIsCode()) {
                    throw new Refusal("profile.unclear-setting", "`" + option.name() + " " + item + "` is no setting the"
                            + " profile knows, so whether it names code cannot be told (abbreviations are not followed)");
                }
                continue;
            }
            String v = eq >= 0 ? item.substring(eq + 1) : spec.arg() == Syntax.Arg.REQUIRED ? next(spec) : null;
            if (v == null || v.isEmpty() || spec.code() == null) continue;
            code(spec, v, "setting `" + key + "` of option `" + option.name() + "`");
            programGiven |= spec.program() == Syntax.Program.ARGUMENT;
            settingEndsOptions |= spec.endsOptions();
        }
    }

    /** Records the code an argument carries, through the option's channel. */
    private void code(OptionSpec spec, String value, String via) {
        String name = value;
        if (spec.codePattern() != null) {
            Optional<WordPattern.Match> m = spec.codePattern().matches(value);
            if (m.isEmpty()) return; // not code: `-J-Xmx1g`, unlike `-J-javaagent:x.jar`
            if (m.get().groups().size() > 1 && m.get().group(1) != null) name = m.get().group(1);
        }
        switch (spec.code()) {
            case INLINE -> parts.add(new Part(Channel.INLINE, null, null, via));
            case MODULE -> parts.add(module(name, via));
            case LIBRARY -> parts.add(name.contains("/") ? new Part(Channel.LIBRARY, Locations.absolute(cwd, name), null, via)
                    : new Part(Channel.LIBRARY, null, name, via));
            default -> {
                if (name.equals(syntax.stdinWord())) {
                    stdinNamed = true; // `awk -f -`: the program file is standard input
                } else if (!syntax.builtinScripts().contains(name)) {
                    parts.add(new Part(spec.code(), Locations.absolute(cwd, name), null, via));
                }
            }
        }
    }

    /**
     * A module by name: a path when written as one ({@code node -r ./x.js}), else the first of the
     * profile's {@code module-files} that exists below the working directory (Python puts it first
     * on the search path for {@code -m}), else the name alone, for the interpreter to find.
     */
    private Part module(String name, String via) {
        if (name.startsWith("/") || name.startsWith("./") || name.startsWith("../")) {
            return new Part(Channel.MODULE, Locations.absolute(cwd, name), null, via);
        }
        if (cwd != null && name.matches("[A-Za-z0-9_.]+")) {
            for (String pattern : syntax.moduleFiles()) {
                String candidate = Locations.absolute(cwd, pattern.replace("{}", name.replace('.', '/')));
                if (disk.isFile(candidate)) return new Part(Channel.MODULE, candidate, name, via);
            }
        }
        return new Part(Channel.MODULE, null, name, via);
    }

    /* ------- operands ------- */

    private void operands() {
        if (programGiven || stdinProgram) return; // every operand is an argument of the program
        String w = args.get(i);
        if (operandProgram != null) {
            scriptGiven = true;
            parts.add(operandProgram == Channel.INLINE ? new Part(Channel.INLINE, null, null, "the first operand")
                    : new Part(operandProgram, Locations.absolute(cwd, w), null, "the first operand"));
            return;
        }
        switch (syntax.operands()) {
            case SCRIPT -> script(w);
            case INLINE -> {
                scriptGiven = true;
                parts.add(new Part(Channel.INLINE, null, null, "the program text operand"));
            }
            case SCRIPTS -> {
                for (; i < args.size(); i++) script(args.get(i));
            }
        }
    }

    private void script(String w) {
        scriptGiven = true;
        if (w.equals(syntax.stdinWord())) {
            stdinNamed = true;
        } else if (!syntax.builtinScripts().contains(w)) {
            parts.add(new Part(Channel.FILE, scriptPath(w), null, "script `" + w + "`"));
        }
    }

    /** Where the interpreter finds a script operand: the working directory, or PATH ({@code perl -S}, bash). */
    private String scriptPath(String w) {
        String here = Locations.absolute(cwd, w);
        if (w.contains("/")) return here;
        if (searchPath || (syntax.scriptPathSearch() && (here == null || !disk.isFile(here)))) {
            return Locations.lookPath(w, env, cwd, disk::isFile).orElse(here);
        }
        return here;
    }

    /* ------- the rest: standard input and the environment ------- */

    private List<Part> finish() {
        if (exits || (operandProgram != null && !scriptGiven)) {
            // it prints and exits (`--version`), or `sh -c` lacks its command: nothing after this point runs
            return dedupe(List.of(), parts, null);
        }
        for (Map.Entry<String, String> e : variables().entrySet()) {
            EnvSpec spec = spec(e.getKey());
            if (spec != null && spec.interactive() == Syntax.Interactive.AFTER) after = true;
            if (spec != null && spec.interactive() == Syntax.Interactive.MODE) modeInteractive = true;
        }
        boolean noProgram = !programGiven && !scriptGiven;
        boolean fromStdin = stdinNamed || stdinProgram
                || (noProgram && !suppressStdin && syntax.stdin() != Syntax.StdinUse.NEVER);
        boolean stdinAfter = after || syntax.stdin() == Syntax.StdinUse.AFTER_PROGRAM;
        Interactivity interactive = modeInteractive || (fromStdin && (Boolean.TRUE.equals(stdinTty) || after))
                ? Interactivity.YES
                : fromStdin && stdinTty == null ? Interactivity.UNKNOWN : Interactivity.NO;
        List<Part> startup = new ArrayList<>();
        for (Map.Entry<String, String> e : variables().entrySet()) {
            EnvSpec spec = spec(e.getKey());
            if (spec != null && spec.channel() != null && reads(spec.when(), interactive)) {
                Part p = variable(spec, e.getKey(), e.getValue());
                if (p != null) startup.add(p);
            }
        }
        Part stdin = null;
        if (fromStdin || stdinAfter) {
            stdin = Boolean.TRUE.equals(stdinTty) ? new Part(Channel.INTERACTIVE, null, null, "standard input (a terminal)")
                    : new Part(Channel.STDIN, stdinPath, null, "standard input");
        }
        return dedupe(startup, parts, stdin);
    }

    /** The set, non-empty variables the interpreter does not ignore, by name. */
    private Map<String, String> variables() {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!v.isEmpty() && ignoredEnv.stream().noneMatch(g -> EnvSpec.globMatches(g, k))) out.put(k, v);
        });
        return out;
    }

    private EnvSpec spec(String variable) {
        return syntax.environment().values().stream().filter(s -> s.matches(variable)).findFirst().orElse(null);
    }

    private static boolean reads(Syntax.When when, Interactivity interactive) {
        return switch (when) {
            case ALWAYS -> true;
            case INTERACTIVE -> interactive != Interactivity.NO;
            case NON_INTERACTIVE -> interactive != Interactivity.YES;
        };
    }

    private Part variable(EnvSpec spec, String name, String value) {
        String via = "variable `" + name + "`";
        if (spec.expands() && (value.indexOf('$') >= 0 || value.indexOf('`') >= 0)) {
            return new Part(Channel.ENVIRONMENT, null, name, via + " (expanded: its value runs)");
        }
        if (spec.expands() && spec.channel() == Channel.ENVIRONMENT) return null; // a prompt with nothing to expand
        if (spec.filePrefix() != null) {
            return value.startsWith(spec.filePrefix())
                    ? new Part(Channel.CONFIG, Locations.absolute(cwd, value.substring(spec.filePrefix().length())), null, via)
                    : new Part(spec.channel(), null, name, via);
        }
        return switch (spec.channel()) {
            case ENVIRONMENT -> new Part(Channel.ENVIRONMENT, null, name, via);
            case MODULE -> module(value, via);
            default -> new Part(spec.channel(),
                    Locations.absolute(cwd, spec.file() == null ? value : value + "/" + spec.file()), null, via);
        };
    }

    /** One part per channel, file and name, in order: deciding the same question twice adds nothing. */
    private static List<Part> dedupe(List<Part> startup, List<Part> argv, Part stdin) {
        Map<Part, Part> out = new LinkedHashMap<>();
        List<Part> all = new ArrayList<>(startup);
        all.addAll(argv);
        if (stdin != null) all.add(stdin);
        for (Part p : all) {
            out.putIfAbsent(new Part(p.channel(), p.path(), p.name(), null), p); // the same question, whatever its origin
        }
        return List.copyOf(out.values());
    }
}
