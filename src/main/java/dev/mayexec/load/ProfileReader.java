package dev.mayexec.load;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Word;
import dev.mayexec.policy.EnvSpec;
import dev.mayexec.policy.OptionSpec;
import dev.mayexec.policy.ProfileRef;
import dev.mayexec.policy.Syntax;
import dev.mayexec.policy.WordPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the profile keys of an {@code interpreters/*.yaml} file: how the interpreter's invocations
 * map to channels (docs/PROFILES.md). Every key is checked where it stands, and keys that contradict
 * each other are reported with the fix.
 */
final class ProfileReader {
    /** The keys that write a syntax; {@code syntax} borrows one instead. */
    static final List<String> SYNTAX_KEYS = List.of("options", "clusters", "plus-options", "end-of-options",
            "arguments-follow", "stdin-word", "operands", "stdin", "unknown-options", "script-path-search", "module-files", "environment",
            "builtin-scripts", "applets");
    static final String BORROW = "syntax";

    private static final Set<String> OPTION_KEYS = Set.of("arg", "pattern", "code", "code-pattern", "program",
            "ends-options", "interactive", "exits", "suppresses-stdin", "ignore-env", "chdir", "search-path", "settings",
            "aliases", "description");
    private static final Set<String> SETTING_KEYS = Set.of("arg", "code", "program", "ends-options", "description");
    private static final Set<String> SETTINGS_KEYS = Set.of("separator", "unknown-keys", "keys");
    private static final Set<String> ENV_KEYS =
            Set.of("channel", "when", "file", "file-prefix", "expands", "interactive", "description");
    /** Shorthands for an option: the word stands for the spec. */
    private static final List<String> SHORTHANDS = List.of("flag", "value", "exit");
    private static final List<String> CODE_CHANNELS = List.of("inline", "module", "file", "config", "library");
    private static final List<String> ENV_CHANNELS = List.of("environment", "config", "module", "file", "library");
    private static final Pattern OPTION_NAME = Pattern.compile("[-+]{1,2}[^-\\s=*][^\\s=*]*\\*?|--[^\\s=*]+\\*?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_*][A-Za-z0-9_%*]*");
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,127}";

    /** What an interpreter file says about its syntax: its own, a borrowed one, or neither. */
    record Read(Syntax syntax, ProfileRef syntaxOf) {}

    private final Diagnostics diagnostics;
    private final ConditionReader conditions;

    ProfileReader(Diagnostics diagnostics, ConditionReader conditions) {
        this.diagnostics = diagnostics;
        this.conditions = conditions;
    }

    Read read(MapReader m, String file) {
        List<String> written = SYNTAX_KEYS.stream().filter(m::has).toList();
        if (m.has(BORROW)) {
            if (!written.isEmpty()) {
                diagnostics.error("mx.load.profile", m.keySpan(BORROW).orElseThrow(), file + " both borrows a syntax with"
                        + " `syntax:` and writes `" + written.getFirst() + "`",
                        "remove `syntax:` to write the profile's own syntax, or remove `" + written.getFirst() + "`");
                return new Read(null, null);
            }
            SourceSpan at = m.get(BORROW).orElseThrow().span();
            return new Read(null, m.requireValue(BORROW, "").filter(n -> name(n, at)).map(n -> new ProfileRef(n, at))
                    .orElse(null));
        }
        if (written.isEmpty()) return new Read(null, null);
        Map<String, OptionSpec> options = m.get("options").map(this::options).orElse(Map.of());
        List<String> ends = m.get("end-of-options").map(n -> words(n, "`end-of-options`", "-")).orElse(List.of("--"));
        String stdinWord = m.string("stdin-word").orElse(null);
        Syntax syntax = new Syntax(
                options,
                flag(m, "clusters"),
                flag(m, "plus-options"),
                ends,
                m.get("arguments-follow").map(n -> words(n, "`arguments-follow`", "-")).orElse(List.of()),
                stdinWord,
                m.word("operands", Word.ids(Syntax.Operands.class), t -> Word.parse(Syntax.Operands.class, t))
                        .orElse(Syntax.Operands.SCRIPT),
                m.word("stdin", Word.ids(Syntax.StdinUse.class), t -> Word.parse(Syntax.StdinUse.class, t))
                        .orElse(Syntax.StdinUse.IF_NO_PROGRAM),
                m.word("unknown-options", Word.ids(Syntax.UnknownOptions.class),
                        t -> Word.parse(Syntax.UnknownOptions.class, t)).orElse(Syntax.UnknownOptions.ERROR),
                flag(m, "script-path-search"),
                m.get("module-files").map(this::moduleFiles).orElse(List.of()),
                m.get("environment").map(this::environment).orElse(Map.of()),
                Set.copyOf(m.get("builtin-scripts").map(n -> words(n, "`builtin-scripts`", null)).orElse(List.of())),
                m.get("applets").map(this::applets).orElse(Map.of()),
                m.span());
        return new Read(syntax, null);
    }

    private boolean flag(MapReader m, String key) {
        return m.get(key).flatMap(n -> conditions.bool(n, "`" + key + "`")).orElse(false);
    }

    /** Whether a profile's name is an identifier; reports it where it stands when not. */
    boolean name(String n, SourceSpan at) {
        if (n.matches(NAME_PATTERN)) return true;
        diagnostics.error("mx.load.bad-name", at, "profile name `" + n + "` is not valid",
                "use lower-case letters, digits, `.`, `_` and `-`, as in `python3`");
        return false;
    }

    private List<String> words(YamlNode n, String what, String mustStart) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : MapReader.items(n)) {
            MapReader.text(item, "an item of " + what, diagnostics).ifPresent(t -> {
                if (mustStart != null && !t.startsWith(mustStart)) {
                    diagnostics.error("mx.load.bad-value", item.span(), "`" + t + "` in " + what + " does not start with `"
                            + mustStart + "`", "list words such as `--`");
                } else {
                    out.add(t);
                }
            });
        }
        return out;
    }

    private List<String> moduleFiles(YamlNode n) {
        List<String> out = words(n, "`module-files`", null);
        for (String f : out) {
            if (!f.contains("{}") || f.startsWith("/")) {
                diagnostics.error("mx.load.bad-value", n.span(), "module file `" + f + "` must be relative and hold `{}`",
                        "write where a module is found below the working directory, as in `{}.py`; `{}` is the module"
                                + " name with `.` turned into `/`");
            }
        }
        return out;
    }

    /** The entries of a map that a key must hold; reports anything else, with an example. */
    private List<YamlNode.Entry> entries(YamlNode n, String what, String example) {
        if (n instanceof YamlNode.MapNode map) return List.copyOf(map.entries().values());
        diagnostics.error("mx.load.type", n.span(), what + " must be a map, found " + n.kind(), "write for example " + example);
        return List.of();
    }

    private Map<String, ProfileRef> applets(YamlNode n) {
        Map<String, ProfileRef> out = new TreeMap<>();
        for (YamlNode.Entry e : entries(n, "`applets`", "`applets: {ash: sh}`")) {
            MapReader.value(e.value(), "the profile of applet `" + e.key() + "`", diagnostics)
                    .filter(p -> name(p, e.value().span()))
                    .ifPresent(p -> out.put(e.key(), new ProfileRef(p, e.value().span())));
        }
        return out;
    }

    /* ------- options ------- */

    private Map<String, OptionSpec> options(YamlNode n) {
        Map<String, OptionSpec> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : entries(n, "`options`", "`options: {-c: {arg: required, code: inline, program: argument}}`")) {
            if (!optionName(e.key(), e.keySpan())) continue;
            option(e.key(), e.value(), e.keySpan()).ifPresent(spec -> {
                put(out, e.key(), spec, e.keySpan());
                aliases(e.value()).forEach(alias -> {
                    if (optionName(alias, e.value().span())) put(out, alias, spec, e.value().span());
                });
            });
        }
        return out;
    }

    private void put(Map<String, OptionSpec> out, String name, OptionSpec spec, SourceSpan at) {
        if (out.putIfAbsent(name, spec) != null) {
            diagnostics.error("mx.load.profile", at, "option `" + name + "` is given twice", "keep one of the two");
        }
    }

    private boolean optionName(String name, SourceSpan at) {
        if (OPTION_NAME.matcher(name).matches() && !name.equals("--")) return true;
        diagnostics.error("mx.load.bad-name", at, "option name `" + name + "` is not valid",
                "an option starts with `-` or `+` and holds no space or `=`; `*` may end a long option to match"
                        + " every option with that prefix; `--` and `-` belong in `end-of-options` and `stdin-word`");
        return false;
    }

    private List<String> aliases(YamlNode spec) {
        if (!(spec instanceof YamlNode.MapNode m) || !m.entries().containsKey("aliases")) return List.of();
        return words(m.entries().get("aliases").value(), "`aliases`", null);
    }

    private Optional<OptionSpec> option(String name, YamlNode n, SourceSpan at) {
        String what = "option `" + name + "`";
        if (n instanceof YamlNode.Scalar) {
            return MapReader.word(n, what, SHORTHANDS, t -> SHORTHANDS.contains(t) ? Optional.of(t) : Optional.empty(),
                    diagnostics).map(t -> switch (t) {
                        case "value" -> spec(name, Syntax.Arg.REQUIRED, at);
                        case "exit" -> new OptionSpec(name, Syntax.Arg.NONE, null, null, null, null, false, null, true,
                                false, List.of(), false, false, null, at);
                        default -> spec(name, Syntax.Arg.NONE, at);
                    });
        }
        Optional<MapReader> r = MapReader.of(n, what, OPTION_KEYS,
                "write `flag`, `value`, `exit`, or a map such as `{arg: required, code: inline}`", diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        Syntax.Arg arg = m.word("arg", Word.ids(Syntax.Arg.class), t -> Word.parse(Syntax.Arg.class, t))
                .orElse(Syntax.Arg.NONE);
        WordPattern pattern = m.get("pattern").flatMap(p -> pattern(p, what)).orElse(null);
        Channel code = code(m, what);
        WordPattern codePattern = m.get("code-pattern").flatMap(p -> pattern(p, what)).orElse(null);
        Syntax.Program program = m.word("program", Word.ids(Syntax.Program.class), t -> Word.parse(Syntax.Program.class, t))
                .orElse(null);
        OptionSpec.Settings settings = m.get("settings").map(s -> settings(s, what)).orElse(null);
        List<String> ignore = m.get("ignore-env").map(v -> v instanceof YamlNode.Scalar s && s.text().equals("all")
                ? List.of("*") : envNames(v)).orElse(List.of());
        OptionSpec spec = new OptionSpec(name, arg, pattern, code, codePattern, program, flag(m, "ends-options"),
                m.word("interactive", Word.ids(Syntax.Interactive.class), t -> Word.parse(Syntax.Interactive.class, t))
                        .orElse(null),
                flag(m, "exits"), flag(m, "suppresses-stdin"), ignore, flag(m, "chdir"), flag(m, "search-path"), settings,
                at);
        m.string("description");
        return consistent(spec, m, what) ? Optional.of(spec) : Optional.empty();
    }

    private static OptionSpec spec(String name, Syntax.Arg arg, SourceSpan at) {
        return new OptionSpec(name, arg, null, null, null, null, false, null, false, false, List.of(), false, false, null, at);
    }

    private Channel code(MapReader m, String what) {
        return m.word("code", CODE_CHANNELS, t -> CODE_CHANNELS.contains(t) ? Channel.parse(t) : Optional.empty())
                .orElse(null);
    }

    /** Reports keys that contradict each other, each with the fix. */
    private boolean consistent(OptionSpec s, MapReader m, String what) {
        List<String[]> problems = new ArrayList<>();
        boolean takesArg = s.arg() != Syntax.Arg.NONE;
        if (s.pattern() != null && s.arg() != Syntax.Arg.OPTIONAL) {
            problems.add(new String[] {"pattern", "`pattern` applies to `arg: optional` only",
                "remove `pattern`, or write `arg: optional`"});
        }
        if (s.codePattern() != null && s.code() == null) {
            problems.add(new String[] {"code-pattern", "`code-pattern` needs `code:`", "say which channel the code takes"});
        }
        if (s.program() == Syntax.Program.OPERAND && (takesArg || s.code() == null)) {
            problems.add(new String[] {"program", what + " makes the first operand the program, so it takes no argument"
                    + " and needs `code:`", "write `{program: operand, code: inline}`"});
        } else if (s.program() == Syntax.Program.STDIN && takesArg) {
            problems.add(new String[] {"program", what + " reads the program from stdin, so it takes no argument",
                "remove `arg:`"});
        } else if (s.program() == Syntax.Program.ARGUMENT && !takesArg) {
            problems.add(new String[] {"program", what + " gives the program with its argument, but takes none",
                "write `arg: required`"});
        } else if (s.code() != null && !takesArg && s.program() == null) {
            problems.add(new String[] {"code", what + " takes no argument, so it cannot carry code",
                "write `arg: required` (or `attached`, `optional`)"});
        }
        if ((s.settings() != null || s.chdir()) && !takesArg) {
            problems.add(new String[] {s.settings() != null ? "settings" : "chdir", what + " needs an argument for `"
                    + (s.settings() != null ? "settings" : "chdir") + "`", "write `arg: required`"});
        }
        for (String[] p : problems) {
            diagnostics.error("mx.load.profile", m.keySpan(p[0]).orElse(m.span()), p[1], p[2]);
        }
        return problems.isEmpty();
    }

    /** A pattern from policy text: never a backtracking regex, but the linear subset {@link WordPattern} reads. */
    private Optional<WordPattern> pattern(YamlNode n, String what) {
        return MapReader.text(n, "the pattern of " + what, diagnostics).flatMap(t -> {
            try {
                return Optional.of(WordPattern.compile(t));
            } catch (IllegalArgumentException e) {
                diagnostics.error("mx.load.bad-value", n.span(), "pattern `" + t + "` of " + what + " is not supported: "
                        + e.getMessage(), "write literals, `.`, classes such as `[0-7]`, groups, `|` and the quantifiers"
                                + " `?`, `*` and `+` (docs/PROFILES.md)");
                return Optional.empty();
            }
        });
    }

    private OptionSpec.Settings settings(YamlNode n, String what) {
        Optional<MapReader> r = MapReader.of(n, "`settings` of " + what, SETTINGS_KEYS,
                "write for example `settings: {keys: {auto_prepend_file: file}}`", diagnostics);
        if (r.isEmpty()) return null;
        MapReader m = r.get();
        String separator = m.string("separator").orElse(null);
        boolean unknownIsCode = m.word("unknown-keys", List.of("value", "error"),
                t -> t.equals("value") || t.equals("error") ? Optional.of(t.equals("error")) : Optional.empty()).orElse(false);
        Map<String, OptionSpec> keys = new LinkedHashMap<>();
        m.require("keys", "list the settings that name code, as in `keys: {presite: module}`").ifPresent(k -> {
            for (YamlNode.Entry e : entries(k, "`keys` of " + what, "`keys: {presite: module}`")) {
                setting(e.key(), e.value(), what, e.keySpan()).ifPresent(s -> keys.put(e.key(), s));
            }
        });
        return new OptionSpec.Settings(separator, unknownIsCode, keys);
    }

    private Optional<OptionSpec> setting(String key, YamlNode n, String option, SourceSpan at) {
        String what = "setting `" + key + "` of " + option;
        if (n instanceof YamlNode.Scalar) {
            List<String> words = new ArrayList<>(CODE_CHANNELS);
            words.add("value");
            return MapReader.word(n, what, words, t -> words.contains(t) ? Optional.of(t) : Optional.empty(), diagnostics)
                    .map(t -> new OptionSpec(key, Syntax.Arg.ATTACHED, null, Channel.parse(t).orElse(null), null, null,
                            false, null, false, false, List.of(), false, false, null, at));
        }
        Optional<MapReader> r = MapReader.of(n, what, SETTING_KEYS,
                "write a channel, `value`, or a map such as `{code: file, arg: required}`",
                diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        List<String> args = List.of("attached", "required");
        Syntax.Arg arg = m.word("arg", args, t -> args.contains(t) ? Word.parse(Syntax.Arg.class, t) : Optional.empty())
                .orElse(Syntax.Arg.ATTACHED);
        Channel code = code(m, what); // none: a setting that is not code, listed so that it is known
        m.string("description");
        return Optional.of(new OptionSpec(key, arg, null, code, null,
                m.word("program", List.of("argument"), t -> Word.parse(Syntax.Program.class, t)).orElse(null),
                flag(m, "ends-options"), null, false, false, List.of(), false, false, null, at));
    }

    /* ------- environment ------- */

    private List<String> envNames(YamlNode n) {
        List<String> out = new ArrayList<>();
        for (String name : words(n, "`ignore-env`", null)) {
            if (envName(name, n.span())) out.add(name);
        }
        return out;
    }

    private boolean envName(String name, SourceSpan at) {
        if (ENV_NAME.matcher(name).matches() && name.chars().filter(c -> c == '*').count() <= 1) return true;
        diagnostics.error("mx.load.bad-name", at, "environment variable `" + name + "` is not a valid name",
                "write a name such as `PYTHONSTARTUP`, or one glob with `*` such as `BASH_FUNC_*`");
        return false;
    }

    private Map<String, EnvSpec> environment(YamlNode n) {
        Map<String, EnvSpec> out = new LinkedHashMap<>();
        for (YamlNode.Entry e : entries(n, "`environment`",
                "`environment: {PYTHONSTARTUP: {channel: config, when: interactive}}`")) {
            if (envName(e.key(), e.keySpan())) env(e.key(), e.value(), e.keySpan()).ifPresent(s -> out.put(e.key(), s));
        }
        return out;
    }

    private Optional<EnvSpec> env(String name, YamlNode n, SourceSpan at) {
        String what = "variable `" + name + "`";
        if (n instanceof YamlNode.Scalar) {
            return MapReader.word(n, what, ENV_CHANNELS, t -> ENV_CHANNELS.contains(t) ? Channel.parse(t) : Optional.empty(),
                    diagnostics).map(c -> new EnvSpec(name, c, Syntax.When.ALWAYS, null, null, false, null, at));
        }
        Optional<MapReader> r = MapReader.of(n, what, ENV_KEYS, "write a channel, or `{channel: config, when: interactive}`",
                diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        Channel channel = m.word("channel", ENV_CHANNELS,
                t -> ENV_CHANNELS.contains(t) ? Channel.parse(t) : Optional.empty()).orElse(null);
        Syntax.Interactive interactive = m.word("interactive", Word.ids(Syntax.Interactive.class),
                t -> Word.parse(Syntax.Interactive.class, t)).orElse(null);
        EnvSpec spec = new EnvSpec(name, channel,
                m.word("when", Word.ids(Syntax.When.class), t -> Word.parse(Syntax.When.class, t)).orElse(Syntax.When.ALWAYS),
                m.string("file").orElse(null), m.string("file-prefix").orElse(null), flag(m, "expands"), interactive, at);
        m.string("description");
        if (channel == null && interactive == null) {
            diagnostics.error("mx.load.missing-key", m.span(), what + " has neither `channel` nor `interactive`",
                    "say what its value is, as in `channel: environment`");
            return Optional.empty();
        }
        if ((spec.file() != null || spec.filePrefix() != null) && (channel == null || channel == Channel.ENVIRONMENT
                && spec.file() != null)) {
            diagnostics.error("mx.load.profile", m.keySpan(spec.file() != null ? "file" : "file-prefix").orElseThrow(),
                    "`" + (spec.file() != null ? "file" : "file-prefix") + "` of " + what + " needs a channel for the file",
                    "write `channel: config` (or `environment` with `file-prefix`, for a value that is code otherwise)");
            return Optional.empty();
        }
        return Optional.of(spec);
    }
}
