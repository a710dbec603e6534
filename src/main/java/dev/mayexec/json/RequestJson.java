package dev.mayexec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mayexec.diag.Suggest;
import dev.mayexec.facts.Capabilities;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the request JSON of DESIGN.md §5, strictly: unknown fields, wrong types and bad values are
 * errors that name the field ({@code file.mode}) and the fix. Facts not given stay unknown.
 */
public final class RequestJson {
    /** The longest request line accepted, in characters. */
    public static final int MAX_CHARS = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxStringLength(MAX_CHARS)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("channel", "process", "file", "argv", "env", "pid", "path", "cwd",
            "stdin");
    private static final Set<String> PROCESS = Set.of("pid", "uid", "gid", "groups", "user", "service", "exe",
            "interpreter", "parent_exe", "securebits", "capabilities", "no_new_privs", "lsm_label", "stdin_tty",
            "inherited_fds");
    private static final Set<String> FILE = Set.of("path", "type", "mode", "uid", "gid", "dev", "ino", "size", "mtime",
            "ctime", "mount", "others_can_write", "sha256", "package_trusted", "ima", "kernel_check");
    private static final Set<String> MOUNT = Set.of("point", "fstype", "noexec", "nosuid", "ro");

    private RequestJson() {}

    /** Reads one request line. */
    public static Request parse(String line) throws RequestException {
        return parse(tree(line));
    }

    /**
     * Reads one line into a JSON tree with the request limits (length, nesting, one value per line),
     * for a caller that looks at it before {@link #parse(JsonNode)} (the daemon's control lines).
     */
    public static JsonNode tree(String line) throws RequestException {
        if (line.length() > MAX_CHARS) {
            throw new RequestException("request is longer than " + MAX_CHARS + " characters");
        }
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RequestException("invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads a request from its JSON tree. */
    public static Request parse(JsonNode root) throws RequestException {
        if (root == null || !root.isObject()) {
            throw new RequestException("a request must be a JSON object, such as {\"channel\": \"file\"}");
        }
        Obj top;
        try {
            top = new Obj(root, "", TOP);
        } catch (IllegalArgumentException unknownField) {
            throw new RequestException(unknownField.getMessage());
        }
        List<String> argv = top.strings("argv");
        String channelText = top.string("channel");
        if (channelText == null && (argv == null || argv.isEmpty())) {
            throw new RequestException("`channel` is required (one of: " + String.join(", ", Channel.ids())
                    + "), or `argv` for an invocation");
        }
        Channel channel = channelText == null ? null : Channel.parse(channelText).orElseThrow(() -> new RequestException(
                "unknown channel `" + channelText + "`; " + Suggest.help(channelText, Channel.ids())));
        ProcessInfo process = withPid(top.object("process", PROCESS, RequestJson::process), top.id("pid"));
        FileInfo file = withPath(top.object("file", FILE, RequestJson::file), top.string("path"));
        Map<String, String> env = top.env("env");
        String cwd = top.string("cwd");
        if (cwd != null && (!cwd.startsWith("/") || !cwd.equals(normalised(cwd)))) {
            throw new RequestException("`cwd` `" + cwd + "` must be an absolute, normalised directory, such as \"/home/alice\"");
        }
        FileInfo stdin = top.object("stdin", FILE, RequestJson::file);
        if (channel != null && (cwd != null || stdin != null)) {
            throw new RequestException("`" + (cwd != null ? "cwd" : "stdin") + "` describes an invocation; leave out"
                    + " `channel` to decide `argv` as one, or give the stdin facts as `file` of a `stdin` request");
        }
        return new Request(channel, process == null ? ProcessInfo.UNKNOWN : process, file, argv, env, cwd, stdin);
    }

    /** The path with `//`, `.` and `..` resolved by name (only to compare: a request's paths must already be so). */
    private static String normalised(String path) {
        return java.nio.file.Path.of(path).normalize().toString();
    }

    /** The short form {@code {"pid": N}} names the process; it must agree with {@code process.pid}. */
    private static ProcessInfo withPid(ProcessInfo p, Integer pid) throws RequestException {
        if (pid == null) return p;
        if (p == null) p = ProcessInfo.UNKNOWN;
        if (p.pid() != null && !p.pid().equals(pid)) {
            throw new RequestException("`pid` " + pid + " and `process.pid` " + p.pid() + " disagree; give one");
        }
        return new ProcessInfo(pid, p.uid(), p.gid(), p.groups(), p.user(), p.service(), p.exe(), p.interpreter(),
                p.parentExe(), p.securebits(), p.capabilities(), p.noNewPrivs(), p.lsmLabel(), p.stdinTty(), p.inheritedFds());
    }

    /** The short form {@code {"path": P}} names the file; it must agree with {@code file.path}. */
    private static FileInfo withPath(FileInfo f, String path) throws RequestException {
        if (path == null) return f;
        if (f == null) {
            return new FileInfo(path, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        if (f.path() != null && !f.path().equals(path)) {
            throw new RequestException("`path` `" + path + "` and `file.path` `" + f.path() + "` disagree; give one");
        }
        return new FileInfo(path, f.type(), f.mode(), f.uid(), f.gid(), f.dev(), f.ino(), f.size(), f.mtime(), f.ctime(),
                f.mount(), f.othersCanWrite(), f.sha256(), f.packageTrusted(), f.ima(), f.kernelCheck());
    }

    private static ProcessInfo process(Obj o) throws RequestException {
        List<String> bits = o.strings("securebits");
        Set<Securebit> securebits = null;
        if (bits != null) {
            securebits = new LinkedHashSet<>();
            for (String b : bits) {
                securebits.add(Securebit.parse(b).orElseThrow(() -> new RequestException("unknown securebit `" + b
                        + "` in process.securebits; " + Suggest.help(b, Securebit.ids()))));
            }
        }
        List<String> caps = o.strings("capabilities");
        if (caps != null) {
            for (String c : caps) {
                if (!Capabilities.isKnown(c)) {
                    String name = c.toLowerCase(java.util.Locale.ROOT).replaceFirst("^cap_", "");
                    throw new RequestException("unknown capability `" + c + "` in process.capabilities; "
                            + (Capabilities.isKnown(name) ? "write it as `" + name + "`" : Suggest.help(c, Capabilities.ALL)));
                }
            }
        }
        return new ProcessInfo(o.id("pid"), o.id("uid"), o.id("gid"), o.ids("groups"), o.string("user"),
                o.string("service"), o.string("exe"), o.string("interpreter"), o.string("parent_exe"),
                securebits == null ? null : Set.copyOf(securebits), caps == null ? null : Set.copyOf(caps),
                o.bool("no_new_privs"), o.string("lsm_label"), o.bool("stdin_tty"), o.ids("inherited_fds"));
    }

    private static FileInfo file(Obj o) throws RequestException {
        String typeText = o.string("type");
        FileType type = typeText == null ? null : FileType.parse(typeText).orElseThrow(() -> new RequestException(
                "unknown file type `" + typeText + "` in file.type; " + Suggest.help(typeText, FileType.ids())));
        String modeText = o.string("mode");
        Integer mode = null;
        if (modeText != null) {
            if (!modeText.matches("0?[0-7]{1,4}")) {
                throw new RequestException("file.mode `" + modeText + "` is not an octal mode; write it as a string such as \"0755\"");
            }
            mode = Integer.parseInt(modeText, 8);
        }
        String check = o.string("kernel_check");
        if (check != null && !check.equals("allow") && !check.equals("deny") && !check.equals("unsupported")
                && !check.matches("E[A-Z0-9]{1,15}")) {
            throw new RequestException("file.kernel_check `" + check
                    + "` must be `allow`, `deny`, `unsupported` or an errno name such as `EACCES`");
        }
        MountInfo mount = o.object("mount", MOUNT,
                m -> new MountInfo(m.string("point"), m.string("fstype"), m.bool("noexec"), m.bool("nosuid"), m.bool("ro")));
        return new FileInfo(o.string("path"), type, mode, o.id("uid"), o.id("gid"), o.number("dev"), o.number("ino"),
                o.number("size"), o.number("mtime"), o.number("ctime"), mount, o.bool("others_can_write"),
                o.string("sha256"), o.bool("package_trusted"), o.string("ima"), check);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Obj o) throws RequestException;
    }

    /** One JSON object with its path in the request, for messages. */
    private record Obj(JsonNode node, String prefix, Set<String> keys) {
        Obj {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!keys.contains(k)) {
                    throw new IllegalArgumentException("unknown field `" + prefix + k + "`; " + Suggest.help(k, keys));
                }
            }
        }

        private JsonNode get(String key) {
            JsonNode n = node.get(key);
            return n == null || n.isNull() ? null : n;
        }

        private RequestException type(String key, String expected) {
            return new RequestException("`" + prefix + key + "` must be " + expected + ", found " + get(key).getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }

        String string(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isTextual()) throw type(key, "a string");
            return text(key, n.textValue());
        }

        Boolean bool(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isBoolean()) throw type(key, "true or false");
            return n.booleanValue();
        }

        Integer id(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
                throw new RequestException("`" + prefix + key + "` must be a whole number from 0 to 2147483647");
            }
            return n.intValue();
        }

        Long number(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isIntegralNumber() || !n.canConvertToLong()) throw type(key, "a whole number");
            return n.longValue();
        }

        List<Integer> ids(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isArray()) throw type(key, "a list of numbers");
            List<Integer> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isIntegralNumber() || !item.canConvertToInt() || item.intValue() < 0) {
                    throw new RequestException("`" + prefix + key + "` must hold whole numbers from 0 to 2147483647");
                }
                out.add(item.intValue());
            }
            return List.copyOf(out);
        }

        List<String> strings(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isArray()) throw type(key, "a list of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isTextual()) throw new RequestException("`" + prefix + key + "` must hold strings only");
                out.add(text(key, item.textValue()));
            }
            return List.copyOf(out);
        }

        Map<String, String> env(String key) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isObject()) throw type(key, "an object of strings");
            Map<String, String> out = new LinkedHashMap<>();
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) throw new RequestException("`" + prefix + key + "." + e.getKey() + "` must be a string");
                out.put(text(key, e.getKey()), text(key + "." + e.getKey(), e.getValue().textValue()));
            }
            return out;
        }

        /**
         * A string the kernel would read as another one is refused: C strings end at NUL, and a lone
         * surrogate has no UTF-8 form (it would be replaced by '?', naming another file).
         */
        private String text(String key, String v) throws RequestException {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == 0) throw new RequestException("`" + prefix + key + "` contains a NUL character");
                if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new RequestException("`" + prefix + key + "` contains a lone surrogate (\\u"
                            + Integer.toHexString(c) + "); strings must be valid Unicode");
                }
            }
            return v;
        }

        <T> T object(String key, Set<String> childKeys, Reader<T> reader) throws RequestException {
            JsonNode n = get(key);
            if (n == null) return null;
            if (!n.isObject()) throw type(key, "an object");
            try {
                return reader.read(new Obj(n, prefix + key + ".", childKeys));
            } catch (IllegalArgumentException unknownField) {
                throw new RequestException(unknownField.getMessage());
            }
        }
    }
}
