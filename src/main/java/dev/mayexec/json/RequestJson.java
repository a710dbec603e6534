package dev.mayexec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the request JSON of DESIGN.md §5, strictly: unknown fields, wrong types and bad values are
 * errors that name the field ({@code file.mode}) and the fix. Facts not given stay unknown.
 *
 * <p>One reader, over Jackson's token stream: a line's bytes or text are read straight into the
 * request's records, and a JSON tree (the daemon's, which looks at a line before it is a request)
 * is read through the same code by traversing it.
 */
public final class RequestJson {
    /** The longest request line accepted, in characters. */
    public static final int MAX_CHARS = 64 * 1024;

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxStringLength(MAX_CHARS)
            .build();
    /** The reader's: it refuses a key given twice itself, where Jackson would keep a set of names per object. */
    private static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP = Set.of("channel", "process", "file", "argv", "env", "pid", "path", "cwd",
            "stdin");
    private static final Set<String> PROCESS = Set.of("pid", "uid", "gid", "groups", "user", "service", "exe",
            "interpreter", "parent_exe", "securebits", "capabilities", "no_new_privs", "lsm_label", "stdin_tty",
            "inherited_fds");
    private static final Set<String> FILE = Set.of("path", "type", "mode", "uid", "gid", "dev", "ino", "size", "mtime",
            "ctime", "mount", "others_can_write", "sha256", "package_trusted", "ima", "kernel_check");
    private static final Set<String> MOUNT = Set.of("point", "fstype", "noexec", "nosuid", "ro");
    private static final String NOT_AN_OBJECT = "a request must be a JSON object, such as {\"channel\": \"file\"}";

    private RequestJson() {}

    /** Reads one request line. */
    public static Request parse(String line) throws RequestException {
        if (line.length() > MAX_CHARS) {
            throw new RequestException("request is longer than " + MAX_CHARS + " characters");
        }
        try {
            return read(FACTORY.createParser(line), true);
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /**
     * Reads one request line from its UTF-8 bytes (at most {@link #MAX_CHARS} of them), which the
     * caller has checked are UTF-8: a stream of lines is read without making a string of each.
     */
    public static Request parse(byte[] utf8, int offset, int length) throws RequestException {
        if (length > MAX_CHARS) {
            throw new RequestException("request is longer than " + MAX_CHARS + " bytes");
        }
        try {
            return read(FACTORY.createParser(utf8, offset, length), true);
        } catch (IOException e) {
            throw invalid(e);
        }
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
            throw invalid(e);
        }
    }

    /** Reads a request from its JSON tree. */
    public static Request parse(JsonNode root) throws RequestException {
        if (root == null) throw new RequestException(NOT_AN_OBJECT);
        try {
            return read(root.traverse(), false);
        } catch (IOException e) {
            throw invalid(e); // a tree is JSON already: not reached
        }
    }

    private static RequestException invalid(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new RequestException("invalid JSON: " + String.valueOf(message).lines().findFirst().orElse(""));
    }

    /**
     * Reads the one JSON value of {@code p} as a request. A line that is not JSON is reported as such
     * even when a field before its error is wrong: the rest is read before a field's error is thrown.
     */
    private static Request read(JsonParser p, boolean text) throws IOException, RequestException {
        try (p) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new RequestException(NOT_AN_OBJECT);
                }
                Request r = request(new Fields(p, "", TOP));
                if (text && p.nextToken() != null) {
                    throw new RequestException("invalid JSON: more than one value on the line");
                }
                return r;
            } catch (RequestException wrong) {
                while (p.nextToken() != null) {
                    p.skipChildren(); // reads to the end, and throws if the rest is not JSON
                }
                throw wrong;
            }
        }
    }

    private static Request request(Fields top) throws IOException, RequestException {
        String channelText = null;
        ProcessInfo process = null;
        Integer pid = null;
        FileInfo file = null;
        String path = null;
        List<String> argv = null;
        Map<String, String> env = null;
        String cwd = null;
        FileInfo stdin = null;
        for (String key; (key = top.next()) != null; ) {
            switch (key) {
                case "channel" -> channelText = top.string();
                case "process" -> process = top.object(PROCESS, RequestJson::process);
                case "pid" -> pid = top.id();
                case "file" -> file = top.object(FILE, RequestJson::file);
                case "path" -> path = top.string();
                case "argv" -> argv = top.strings();
                case "env" -> env = top.env();
                case "cwd" -> cwd = top.string();
                case "stdin" -> stdin = top.object(FILE, RequestJson::file);
                default -> throw top.unknown();
            }
        }
        if (channelText == null && (argv == null || argv.isEmpty())) {
            throw new RequestException("`channel` is required (one of: " + String.join(", ", Channel.ids())
                    + "), or `argv` for an invocation");
        }
        String given = channelText;
        Channel channel = given == null ? null : Channel.parse(given).orElseThrow(() -> new RequestException(
                "unknown channel `" + given + "`; " + Suggest.help(given, Channel.ids())));
        process = withPid(process, pid);
        file = withPath(file, path);
        if (cwd != null && (!cwd.startsWith("/") || !cwd.equals(normalised(cwd)))) {
            throw new RequestException("`cwd` `" + cwd + "` must be an absolute, normalised directory, such as \"/home/alice\"");
        }
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

    private static ProcessInfo process(Fields o) throws IOException, RequestException {
        Integer pid = null;
        Integer uid = null;
        Integer gid = null;
        List<Integer> groups = null;
        String user = null;
        String service = null;
        String exe = null;
        String interpreter = null;
        String parentExe = null;
        Set<Securebit> securebits = null;
        Set<String> capabilities = null;
        Boolean noNewPrivs = null;
        String lsmLabel = null;
        Boolean stdinTty = null;
        List<Integer> inheritedFds = null;
        for (String key; (key = o.next()) != null; ) {
            switch (key) {
                case "pid" -> pid = o.id();
                case "uid" -> uid = o.id();
                case "gid" -> gid = o.id();
                case "groups" -> groups = o.ids();
                case "user" -> user = o.string();
                case "service" -> service = o.string();
                case "exe" -> exe = o.string();
                case "interpreter" -> interpreter = o.string();
                case "parent_exe" -> parentExe = o.string();
                case "securebits" -> securebits = securebits(o.strings());
                case "capabilities" -> capabilities = capabilities(o.strings());
                case "no_new_privs" -> noNewPrivs = o.bool();
                case "lsm_label" -> lsmLabel = o.string();
                case "stdin_tty" -> stdinTty = o.bool();
                case "inherited_fds" -> inheritedFds = o.ids();
                default -> throw o.unknown();
            }
        }
        return new ProcessInfo(pid, uid, gid, groups, user, service, exe, interpreter, parentExe, securebits,
                capabilities, noNewPrivs, lsmLabel, stdinTty, inheritedFds);
    }

    private static Set<Securebit> securebits(List<String> bits) throws RequestException {
        Set<Securebit> out = new LinkedHashSet<>();
        for (String b : bits) {
            out.add(Securebit.parse(b).orElseThrow(() -> new RequestException("unknown securebit `" + b
                    + "` in process.securebits; " + Suggest.help(b, Securebit.ids()))));
        }
        return Set.copyOf(out);
    }

    private static Set<String> capabilities(List<String> caps) throws RequestException {
        for (String c : caps) {
            if (!Capabilities.isKnown(c)) {
                String name = c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", "");
                throw new RequestException("unknown capability `" + c + "` in process.capabilities; "
                        + (Capabilities.isKnown(name) ? "write it as `" + name + "`" : Suggest.help(c, Capabilities.ALL)));
            }
        }
        return Set.copyOf(caps);
    }

    private static FileInfo file(Fields o) throws IOException, RequestException {
        String path = null;
        FileType type = null;
        Integer mode = null;
        Integer uid = null;
        Integer gid = null;
        Long dev = null;
        Long ino = null;
        Long size = null;
        Long mtime = null;
        Long ctime = null;
        MountInfo mount = null;
        Boolean othersCanWrite = null;
        String sha256 = null;
        Boolean packageTrusted = null;
        String ima = null;
        String kernelCheck = null;
        for (String key; (key = o.next()) != null; ) {
            switch (key) {
                case "path" -> path = o.string();
                case "type" -> type = type(o.string());
                case "mode" -> mode = mode(o.string());
                case "uid" -> uid = o.id();
                case "gid" -> gid = o.id();
                case "dev" -> dev = o.number();
                case "ino" -> ino = o.number();
                case "size" -> size = o.number();
                case "mtime" -> mtime = o.number();
                case "ctime" -> ctime = o.number();
                case "mount" -> mount = o.object(MOUNT, RequestJson::mount);
                case "others_can_write" -> othersCanWrite = o.bool();
                case "sha256" -> sha256 = o.string();
                case "package_trusted" -> packageTrusted = o.bool();
                case "ima" -> ima = o.string();
                case "kernel_check" -> kernelCheck = kernelCheck(o.string());
                default -> throw o.unknown();
            }
        }
        return new FileInfo(path, type, mode, uid, gid, dev, ino, size, mtime, ctime, mount, othersCanWrite, sha256,
                packageTrusted, ima, kernelCheck);
    }

    private static FileType type(String text) throws RequestException {
        if (text == null) return null;
        return FileType.parse(text).orElseThrow(() -> new RequestException(
                "unknown file type `" + text + "` in file.type; " + Suggest.help(text, FileType.ids())));
    }

    private static Integer mode(String text) throws RequestException {
        if (text == null) return null;
        if (!isOctalMode(text)) {
            throw new RequestException("file.mode `" + text + "` is not an octal mode; write it as a string such as \"0755\"");
        }
        return Integer.parseInt(text, 8);
    }

    /** {@code 0?[0-7]{1,4}}, without compiling that for every request. */
    private static boolean isOctalMode(String text) {
        String digits = text.length() == 5 && text.charAt(0) == '0' ? text.substring(1) : text;
        return !digits.isEmpty() && digits.length() <= 4 && digits.chars().allMatch(c -> c >= '0' && c <= '7');
    }

    private static String kernelCheck(String check) throws RequestException {
        if (check != null && !check.equals("allow") && !check.equals("deny") && !check.equals("unsupported")
                && !check.matches("E[A-Z0-9]{1,15}")) {
            throw new RequestException("file.kernel_check `" + check
                    + "` must be `allow`, `deny`, `unsupported` or an errno name such as `EACCES`");
        }
        return check;
    }

    private static MountInfo mount(Fields o) throws IOException, RequestException {
        String point = null;
        String fstype = null;
        Boolean noexec = null;
        Boolean nosuid = null;
        Boolean ro = null;
        for (String key; (key = o.next()) != null; ) {
            switch (key) {
                case "point" -> point = o.string();
                case "fstype" -> fstype = o.string();
                case "noexec" -> noexec = o.bool();
                case "nosuid" -> nosuid = o.bool();
                case "ro" -> ro = o.bool();
                default -> throw o.unknown();
            }
        }
        return new MountInfo(point, fstype, noexec, nosuid, ro);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Fields o) throws IOException, RequestException;
    }

    /**
     * The fields of one JSON object, in the order given, with its path in the request for messages.
     * {@link #next} moves to the next field's value (a field whose value is {@code null} is unknown,
     * as one not given), and the typed readers take that value; a reader refuses a field it does not
     * know with {@link #unknown}.
     */
    private static final class Fields {
        private final JsonParser p;
        private final String prefix;
        private final Set<String> keys;
        private final List<String> seen = new ArrayList<>(8);
        private String key;

        Fields(JsonParser p, String prefix, Set<String> keys) {
            this.p = p;
            this.prefix = prefix;
            this.keys = keys;
        }

        /** The next field's name, with the parser at its value; {@code null} at the end of the object. */
        String next() throws IOException, RequestException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                key = p.currentName();
                if (seen.contains(key)) throw duplicate(key);
                seen.add(key);
                if (p.nextToken() != JsonToken.VALUE_NULL) return key;
                if (!keys.contains(key)) throw unknown(); // null or not, a field no reader knows is refused
            }
            return null;
        }

        RequestException unknown() {
            return new RequestException("unknown field `" + prefix + key + "`; " + Suggest.help(key, keys));
        }

        /** A key given twice: parsers disagree on which value counts, so the line has none (as Jackson words it). */
        private static RequestException duplicate(String name) {
            return new RequestException("invalid JSON: Duplicate field '" + name + "'");
        }

        private RequestException type(String expected) {
            return new RequestException("`" + prefix + key + "` must be " + expected + ", found " + found(p.currentToken()));
        }

        private static String found(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "object";
                case START_ARRAY -> "array";
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                default -> t.name().toLowerCase(Locale.ROOT);
            };
        }

        String string() throws IOException, RequestException {
            if (p.currentToken() != JsonToken.VALUE_STRING) throw type("a string");
            return text(key, p.getText());
        }

        Boolean bool() throws RequestException {
            if (!p.currentToken().isBoolean()) throw type("true or false");
            return p.currentToken() == JsonToken.VALUE_TRUE;
        }

        Integer id() throws IOException, RequestException {
            if (!isId()) throw new RequestException("`" + prefix + key + "` must be a whole number from 0 to 2147483647");
            return p.getIntValue();
        }

        private boolean isId() throws IOException {
            return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    && p.getIntValue() >= 0;
        }

        Long number() throws IOException, RequestException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw type("a whole number");
            }
            return p.getLongValue();
        }

        List<Integer> ids() throws IOException, RequestException {
            if (p.currentToken() != JsonToken.START_ARRAY) throw type("a list of numbers");
            List<Integer> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!isId()) throw new RequestException("`" + prefix + key + "` must hold whole numbers from 0 to 2147483647");
                out.add(p.getIntValue());
            }
            return List.copyOf(out);
        }

        List<String> strings() throws IOException, RequestException {
            if (p.currentToken() != JsonToken.START_ARRAY) throw type("a list of strings");
            List<String> out = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw new RequestException("`" + prefix + key + "` must hold strings only");
                }
                out.add(text(key, p.getText()));
            }
            return List.copyOf(out);
        }

        Map<String, String> env() throws IOException, RequestException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw type("an object of strings");
            Map<String, String> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new RequestException("`" + prefix + key + "." + name + "` must be a string");
                }
                if (out.put(text(key, name), text(key + "." + name, p.getText())) != null) throw duplicate(name);
            }
            return out;
        }

        <T> T object(Set<String> childKeys, Reader<T> reader) throws IOException, RequestException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw type("an object");
            return reader.read(new Fields(p, prefix + key + ".", childKeys));
        }

        /**
         * A string the kernel would read as another one is refused: C strings end at NUL, and a lone
         * surrogate has no UTF-8 form (it would be replaced by '?', naming another file).
         */
        private String text(String field, String v) throws RequestException {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == 0) throw new RequestException("`" + prefix + field + "` contains a NUL character");
                if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new RequestException("`" + prefix + field + "` contains a lone surrogate (\\u"
                            + Integer.toHexString(c) + "); strings must be valid Unicode");
                }
            }
            return v;
        }
    }
}
