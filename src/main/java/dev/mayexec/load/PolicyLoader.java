package dev.mayexec.load;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.Securebit;
import dev.mayexec.policy.ChannelDefault;
import dev.mayexec.policy.Condition;
import dev.mayexec.policy.Effect;
import dev.mayexec.policy.KernelLevel;
import dev.mayexec.policy.KernelSettings;
import dev.mayexec.policy.LaunchSettings;
import dev.mayexec.policy.Mode;
import dev.mayexec.policy.NamedSet;
import dev.mayexec.policy.PathPattern;
import dev.mayexec.policy.Policy;
import dev.mayexec.policy.Rule;
import dev.mayexec.policy.Scope;
import dev.mayexec.policy.ScopeFile;
import dev.mayexec.policy.SetType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads a policy directory ({@code policy.yaml}, {@code users/}, {@code services/},
 * {@code interpreters/}) into the model. It reads every file and reports every error it finds;
 * it returns a policy only when none was found.
 */
public final class PolicyLoader {
    /** The directories of scoped files, and the key that names the scope in each. */
    static final List<String> SCOPE_DIRS = List.of("interpreters", "services", "users");
    private static final String KEEP_INSIDE = "a policy's files are regular files inside its directory; copy them in";
    /** The largest policy file, in bytes. */
    static final int MAX_FILE_BYTES = 4 << 20;
    /** The most `unless` blocks a rule may have: each is a node of its own in the Drools network. */
    static final int MAX_UNLESS = 256;
    private static final String ID_PATTERN = "[a-z0-9][a-z0-9._-]{0,127}";
    private static final Set<String> POLICY_KEYS =
            Set.of("name", "description", "version", "mode", "kernel", "launch", "defaults", "sets", "rules");
    private static final Set<String> RULE_KEYS =
            Set.of("id", "effect", "channels", "when", "unless", "message", "description");

    private final Diagnostics diagnostics;
    private final ConditionReader conditions;
    private final ProfileReader profiles;
    private final ShippedProfiles shipped;

    /** A loader whose policies use the interpreter profiles shipped with mayexec. */
    public PolicyLoader(Diagnostics diagnostics) {
        this(diagnostics, ShippedProfiles.packaged());
    }

    public PolicyLoader(Diagnostics diagnostics, ShippedProfiles shipped) {
        this.diagnostics = diagnostics;
        this.conditions = new ConditionReader(diagnostics);
        this.profiles = new ProfileReader(diagnostics, conditions);
        this.shipped = shipped;
    }

    /** Loads {@code dir}; returns empty when any error was reported. */
    public Optional<Policy> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile("."), "policy directory `" + dir + "` does not exist",
                    "pass the directory that holds `policy.yaml`");
            return Optional.empty();
        }
        PolicyFiles sources;
        try {
            sources = PolicyFiles.of(dir);
        } catch (IOException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile("."), "cannot read the policy directory: " + e.getMessage());
            return Optional.empty();
        }
        MessageDigest digest = sha256();
        Optional<YamlNode> root = readFile(sources, dir, "policy.yaml", digest);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Header header = header(root.get());
        List<ScopeFile> files = new ArrayList<>();
        header.file.ifPresent(files::add);
        for (String sub : SCOPE_DIRS) {
            for (String file : yamlFiles(sources, dir, sub)) {
                readFile(sources, dir, file, digest).ifPresent(node -> scoped(sub, file, node, false).ifPresent(files::add));
            }
        }
        reportStrayFiles(dir);
        List<ScopeFile> shippedFiles = shipped(digest);
        if (diagnostics.hasErrors()) {
            return Optional.empty();
        }
        String hash = "sha256:" + HexFormat.of().formatHex(digest.digest());
        return Optional.of(new Policy(header.name, header.description, header.mode, header.defaults, header.defaultsSpan,
                header.sets, files, shippedFiles, hash));
    }

    /** The shipped interpreter profiles alone (for classifying without a policy); errors go to the diagnostics. */
    public List<ScopeFile> shipped() {
        return shipped(sha256());
    }

    private List<ScopeFile> shipped(MessageDigest digest) {
        List<ScopeFile> out = new ArrayList<>();
        for (ShippedProfiles.Source s : shipped.sources()) {
            parse(s.file(), s.bytes(), digest).ifPresent(node -> scoped("interpreters", s.file(), node, true)
                    .ifPresent(out::add));
        }
        return out;
    }

    private record Header(String name, String description, Mode mode, Map<Channel, ChannelDefault> defaults,
            SourceSpan defaultsSpan, Map<String, NamedSet> sets, Optional<ScopeFile> file) {}

    private Header header(YamlNode root) {
        Optional<MapReader> r = MapReader.of(root, "policy.yaml", POLICY_KEYS, diagnostics);
        if (r.isEmpty()) {
            return new Header("", null, Mode.ENFORCE, Map.of(), root.span(), Map.of(), Optional.empty());
        }
        MapReader m = r.get();
        String name = m.requireString("name", "add `name: my-policy`").orElse("");
        m.get("version").ifPresent(v -> MapReader.text(v, "`version` of policy.yaml", diagnostics));
        String description = m.string("description").orElse(null);
        Mode mode = mode(m);
        Map<Channel, ChannelDefault> defaults = defaults(m);
        Map<String, NamedSet> sets = m.get("sets").map(this::sets).orElse(Map.of());
        KernelSettings kernel = kernel(m);
        List<Rule> rules = rules(m);
        ScopeFile file = new ScopeFile("policy.yaml", new Scope.Everyone(), mode, kernel, rules, m.span(),
                LaunchReader.read(m, conditions, diagnostics));
        return new Header(name, description, mode, defaults, m.keySpan("defaults").orElse(m.span()), sets, Optional.of(file));
    }

    /**
     * Reads a scoped file. A shipped profile ({@code shipped}) is an interpreter file without the keys
     * that belong to a policy: it has no rules, mode or kernel demands of its own.
     */
    private Optional<ScopeFile> scoped(String dir, String file, YamlNode node, boolean shipped) {
        Set<String> keys = new LinkedHashSet<>(List.of("description"));
        if (!shipped) keys.addAll(List.of("mode", "kernel", "launch", "rules"));
        switch (dir) {
            case "users" -> keys.addAll(List.of("user", "uid", "group"));
            case "services" -> keys.add("service");
            default -> {
                keys.addAll(List.of("interpreter", "executables", ProfileReader.BORROW));
                keys.addAll(ProfileReader.SYNTAX_KEYS);
            }
        }
        Optional<MapReader> r = MapReader.of(node, file, keys, diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        Optional<Scope> scope = switch (dir) {
            case "users" -> userScope(m, file);
            case "services" -> m.requireValue("service", "name the systemd unit, as in `service: nginx.service`")
                    .map(Scope.Service::new);
            default -> {
                Optional<String> name = m.requireValue("interpreter", "name the profile, as in `interpreter: python3`")
                        .filter(n -> profiles.name(n, m.get("interpreter").orElseThrow().span()));
                Optional<List<PathPattern>> exes = m.require("executables",
                                "list the interpreter's executables, as in `executables: [/usr/bin/python3*]`")
                        .flatMap(n -> conditions.paths(n, "`executables` of " + file));
                ProfileReader.Read syntax = profiles.read(m, file);
                yield name.isPresent() && exes.isPresent()
                        ? Optional.of(new Scope.Interpreter(name.get(), exes.get(), syntax.syntax(), syntax.syntaxOf()))
                        : Optional.empty();
            }
        };
        Mode mode = mode(m);
        KernelSettings kernel = kernel(m);
        List<Rule> rules = rules(m);
        LaunchSettings launch = LaunchReader.read(m, conditions, diagnostics);
        return scope.map(s -> new ScopeFile(file, s, mode, kernel, rules, m.span(), launch));
    }

    private Optional<Scope> userScope(MapReader m, String file) {
        List<String> given = Stream.of("user", "uid", "group").filter(m::has).toList();
        if (given.size() != 1) {
            diagnostics.error("mx.load.scope", m.span(), file + " must name exactly one of `user`, `uid` or `group`"
                    + (given.isEmpty() ? "" : ", found `" + String.join("`, `", given) + "`"),
                    "write for example `user: alice`");
            return Optional.empty();
        }
        return switch (given.getFirst()) {
            case "user" -> m.requireValue("user", "").map(Scope.User::new);
            case "uid" -> number(m, "uid").map(Scope.Uid::new);
            default -> number(m, "group").map(Scope.Group::new);
        };
    }

    private Optional<Integer> number(MapReader m, String key) {
        YamlNode n = m.get(key).orElseThrow();
        if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT && s.text().matches("[0-9]{1,9}")) {
            return Optional.of(Integer.parseInt(s.text()));
        }
        diagnostics.error("mx.load.type", n.span(), "`" + key + "` must be a numeric id, found " + n.kind(),
                key.equals("group") ? "write the group's gid, such as `group: 27`" : "write for example `uid: 1000`");
        return Optional.empty();
    }

    private Mode mode(MapReader m) {
        return m.word("mode", Mode.ids(), Mode::parse).orElse(Mode.ENFORCE);
    }

    private Map<Channel, ChannelDefault> defaults(MapReader m) {
        Map<Channel, ChannelDefault> out = new EnumMap<>(Channel.class);
        Optional<YamlNode> node = m.get("defaults");
        if (node.isEmpty()) return out;
        Optional<MapReader> r = MapReader.of(node.get(), "`defaults`", Set.copyOf(Channel.ids()), diagnostics);
        for (Channel c : Channel.values()) {
            r.flatMap(d -> d.get(c.id()).flatMap(v -> MapReader.word(v, "the default of channel `" + c.id() + "`",
                            List.of("allow", "deny"), t -> Effect.parse(t).filter(e -> e != Effect.AUDIT), diagnostics)
                    .map(e -> new ChannelDefault(e, d.keySpan(c.id()).orElseThrow()))))
                    .ifPresent(d -> out.put(c, d));
        }
        return out;
    }

    private Map<String, NamedSet> sets(YamlNode node) {
        Map<String, NamedSet> out = new TreeMap<>();
        if (!(node instanceof YamlNode.MapNode map)) {
            diagnostics.error("mx.load.type", node.span(), "`sets` must be a map of name: {type, values}, found " + node.kind());
            return out;
        }
        for (YamlNode.Entry e : map.entries().values()) {
            if (!e.key().matches(ID_PATTERN)) {
                diagnostics.error("mx.load.bad-name", e.keySpan(), "set name `" + e.key() + "` is not valid",
                        "use lower-case letters, digits, `.`, `_` and `-`");
                continue;
            }
            Optional<MapReader> r = MapReader.of(e.value(), "set `" + e.key() + "`", Set.of("type", "values", "description"),
                    diagnostics);
            if (r.isEmpty()) continue;
            Optional<SetType> type = r.get().require("type", "write one of: " + String.join(", ", SetType.ids()))
                    .flatMap(t -> MapReader.word(t, "the type of set `" + e.key() + "`", SetType.ids(), SetType::parse,
                            diagnostics));
            Optional<YamlNode> values = r.get().require("values", "list the set's members under `values:`");
            if (type.isEmpty() || values.isEmpty()) continue;
            setMembers(type.get(), values.get(), "set `" + e.key() + "`")
                    .ifPresent(ms -> out.put(e.key(), new NamedSet(e.key(), type.get(), ms, e.keySpan())));
        }
        return out;
    }

    private Optional<List<?>> setMembers(SetType type, YamlNode values, String what) {
        if (type == SetType.PATHS) {
            return conditions.paths(values, what).map(l -> l);
        }
        if (!(values instanceof YamlNode.SeqNode seq)) {
            diagnostics.error("mx.load.type", values.span(), "the values of " + what + " must be a list, found " + values.kind());
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (type == SetType.IDS) {
                if (item instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT && s.text().matches("[0-9]{1,9}")) {
                    out.add(Integer.parseInt(s.text()));
                } else if (item instanceof YamlNode.MapNode) { // a range: docs/POLICY.md, "Named sets", says why not
                    diagnostics.error("mx.load.type", item.span(), "members of " + what + " must be numeric ids, found "
                            + item.kind(), "an `ids` set lists ids, not ranges: write the range in the condition, as in "
                            + "`uid: {min: 1000, max: 1999}`");
                } else {
                    diagnostics.error("mx.load.type", item.span(), "members of " + what + " must be numeric ids, found "
                            + item.kind());
                }
            } else {
                MapReader.value(item, "a member of " + what, diagnostics).ifPresent(out::add);
            }
        }
        return Optional.of(out);
    }

    private KernelSettings kernel(MapReader m) {
        Optional<YamlNode> node = m.get("kernel");
        if (node.isEmpty()) return new KernelSettings(KernelLevel.NONE, Set.of(), m.span());
        SourceSpan at = m.keySpan("kernel").orElseThrow();
        Optional<MapReader> r = MapReader.of(node.get(), "`kernel`", Set.of("check", "securebits"),
                "write for example `kernel: {check: mount, securebits: [exec-restrict-file]}`", diagnostics);
        if (r.isEmpty()) return new KernelSettings(KernelLevel.NONE, Set.of(), at);
        KernelLevel level = r.get().word("check", KernelLevel.ids(), KernelLevel::parse).orElse(KernelLevel.NONE);
        Set<Securebit> bits = new LinkedHashSet<>();
        List<String> allowed = List.of(Securebit.EXEC_RESTRICT_FILE.id(), Securebit.EXEC_DENY_INTERACTIVE.id());
        r.get().get("securebits").ifPresent(n -> MapReader.items(n).forEach(item -> MapReader.word(item,
                "a securebit in `kernel`", allowed, t -> allowed.contains(t) ? Securebit.parse(t) : Optional.empty(),
                diagnostics).ifPresent(bits::add)));
        return new KernelSettings(level, bits, at);
    }

    private List<Rule> rules(MapReader m) {
        Optional<YamlNode> node = m.get("rules");
        if (node.isEmpty()) return List.of();
        if (!(node.get() instanceof YamlNode.SeqNode seq)) {
            diagnostics.error("mx.load.type", node.get().span(), "`rules` must be a list, found " + node.get().kind(),
                    "start each rule with `- id: …`");
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            rule(item).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Rule> rule(YamlNode node) {
        String named = node instanceof YamlNode.MapNode m && m.entries().get("id") != null
                        && m.entries().get("id").value() instanceof YamlNode.Scalar s && !s.text().isEmpty()
                ? "rule `" + s.text() + "`"
                : "a rule";
        Optional<MapReader> r = MapReader.of(node, named, RULE_KEYS, diagnostics);
        if (r.isEmpty()) return Optional.empty();
        MapReader m = r.get();
        Optional<String> id = m.requireString("id", "give the rule a stable id, as in `id: no-scripts-in-tmp`");
        id.filter(i -> !i.matches(ID_PATTERN)).ifPresent(i -> diagnostics.error("mx.load.bad-name",
                m.get("id").orElseThrow().span(), "rule id `" + i + "` is not valid",
                "use lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit"));
        String what = named;
        Optional<Effect> effect = m.require("effect", "write `effect: allow`, `deny` or `audit`")
                .flatMap(n -> MapReader.word(n, "the effect of " + what, Effect.ids(), Effect::parse, diagnostics));
        Optional<Set<Channel>> channels = m.require("channels", "list the channels, as in `channels: [file, module]`, or `all`")
                .flatMap(n -> channels(n, what));
        List<Condition> when = m.get("when").map(n -> conditions.block(n, "`when` of " + what)).orElse(List.of());
        List<List<Condition>> unless = m.get("unless").map(n -> unless(n, what)).orElse(List.of());
        String message = m.string("message").orElse(null);
        m.string("description");
        if (id.isEmpty() || !id.get().matches(ID_PATTERN) || effect.isEmpty() || channels.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rule(id.get(), effect.get(), channels.get(), when, unless, message, m.span()));
    }

    private Optional<Set<Channel>> channels(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && s.text().equals("all")) {
            return Optional.of(Set.of(Channel.values()));
        }
        Set<Channel> out = new LinkedHashSet<>();
        boolean ok = true;
        for (YamlNode item : MapReader.items(n)) {
            if (n instanceof YamlNode.SeqNode && item instanceof YamlNode.Scalar s && s.text().equals("all")) {
                diagnostics.error("mx.load.bad-value", item.span(), "`all` inside a list of channels of " + what,
                        "write `channels: all`, without brackets, or list the channels");
                ok = false;
                continue;
            }
            Optional<Channel> c = MapReader.word(item, "a channel of " + what, Channel.ids(), Channel::parse, diagnostics);
            ok &= c.isPresent();
            c.ifPresent(out::add);
        }
        if (out.isEmpty() && ok) {
            diagnostics.error("mx.load.bad-value", n.span(), what + " lists no channel", "list at least one channel, or `all`");
            return Optional.empty();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private List<List<Condition>> unless(YamlNode n, String what) {
        List<List<Condition>> out = new ArrayList<>();
        List<YamlNode> blocks = conditions.nonEmptyList(n, "`unless` of " + what);
        if (blocks.size() > MAX_UNLESS) {
            diagnostics.error("mx.load.too-many", n.span(), "`unless` of " + what + " has " + blocks.size()
                    + " blocks; at most " + MAX_UNLESS + " are allowed",
                    "merge exceptions into fewer blocks (a list of values is one condition), or split the rule");
            return out;
        }
        for (YamlNode item : blocks) {
            out.add(conditions.block(item, "`unless` of " + what));
        }
        return out;
    }

    private List<String> yamlFiles(PolicyFiles files, Path dir, String sub) {
        try {
            Optional<PolicyFiles.Refusal> refusal = files.refusal(sub, true);
            if (refusal.isPresent()) {
                // a directory linked out of the policy would be read as policy; anything else under this name is not read
                refusal.filter(r -> r.code().equals("mx.load.symlink")).ifPresent(r -> diagnostics.error(r.code(),
                        SourceSpan.ofFile(sub), "`" + sub + "` " + r.reason(), KEEP_INSIDE));
                return List.of();
            }
        } catch (IOException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile(sub), "cannot read `" + sub + "`: " + e.getMessage());
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            List<String> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".yaml") && !name.matches("[A-Za-z0-9@._-]+")) {
                    diagnostics.error("mx.load.bad-name", SourceSpan.ofFile(sub + "/" + name),
                            "file name `" + name + "` holds characters other than letters, digits, `@`, `.`, `_` and `-`",
                            "rename the file");
                } else if (name.endsWith(".yaml")) {
                    out.add(sub + "/" + name);
                } else if (name.endsWith(".yml")) {
                    diagnostics.error("mx.load.unknown-file", SourceSpan.ofFile(sub + "/" + name),
                            "`" + sub + "/" + name + "` is not read: policy files end in `.yaml`", "rename it to `.yaml`");
                }
            }
            return out;
        } catch (IOException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile(sub), "cannot list `" + sub + "`: " + e.getMessage());
            return List.of();
        }
    }

    /** YAML files the loader would not read are reported, since a misplaced file silently ignored is a hole. */
    private void reportStrayFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
                if (yaml && !name.equals("policy.yaml")) {
                    diagnostics.error("mx.load.unknown-file", SourceSpan.ofFile(name), "`" + name + "` is not read",
                            "rules go in `policy.yaml` or under `users/`, `services/` or `interpreters/`");
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !SCOPE_DIRS.contains(name) && containsYaml(p)) {
                    diagnostics.error("mx.load.unknown-file", SourceSpan.ofFile(name), "directory `" + name + "/` is not read",
                            dev.mayexec.diag.Suggest.help(name, SCOPE_DIRS));
                }
            }
        } catch (IOException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile("."), "cannot list the policy directory: " + e.getMessage());
        }
    }

    private static boolean containsYaml(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"));
        }
    }

    private Optional<YamlNode> readFile(PolicyFiles files, Path dir, String file, MessageDigest digest) {
        try {
            Optional<PolicyFiles.Refusal> refusal = files.refusal(file, false);
            if (refusal.isPresent()) {
                PolicyFiles.Refusal r = refusal.get();
                if (r.code().equals("mx.load.io")) {
                    diagnostics.error(r.code(), SourceSpan.ofFile(file), "`" + file + "` is missing from `" + dir + "`",
                            file.equals("policy.yaml") ? "every policy directory needs a `policy.yaml`" : null);
                } else {
                    diagnostics.error(r.code(), SourceSpan.ofFile(file), "`" + file + "` " + r.reason(), KEEP_INSIDE);
                }
                return Optional.empty();
            }
            byte[] bytes = files.read(file, MAX_FILE_BYTES);
            if (bytes.length > MAX_FILE_BYTES) {
                diagnostics.error("mx.load.io", SourceSpan.ofFile(file), "`" + file + "` is larger than 4 MiB",
                        "split the policy into scoped files");
                return Optional.empty();
            }
            return parse(file, bytes, digest);
        } catch (IOException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile(file), "cannot read `" + file + "`: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Adds a file's name and bytes to the policy hash, and reads its YAML. */
    private Optional<YamlNode> parse(String file, byte[] bytes, MessageDigest digest) {
        digest.update(file.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
        digest.update((byte) 0);
        try {
            return new YamlReader(file, diagnostics).read(PolicyFiles.utf8(bytes));
        } catch (CharacterCodingException e) {
            diagnostics.error("mx.load.io", SourceSpan.ofFile(file), "`" + file + "` is not valid UTF-8", "save it as UTF-8");
            return Optional.empty();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
