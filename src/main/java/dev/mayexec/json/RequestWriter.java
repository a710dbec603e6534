package dev.mayexec.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.facts.Securebit;
import dev.mayexec.facts.Word;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a request as the JSON {@link RequestJson} reads back to the same request: a decision log
 * keeps the facts a decision was made on in this form, so that {@code mayexec replay} and
 * {@code mayexec explain} can judge them again.
 *
 * <p>With {@code reads} (the query fields a compiled policy reads), only the facts that feed them
 * are written, and always those the kernel's verdict is computed from and the securebits (the
 * baseline reads them whatever the policy says), and the executable; the file's identity ({@code dev}, {@code ino},
 * {@code size}, times), which only keys the cache, is left out.
 */
public final class RequestWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks a fact written whatever the policy reads: the kernel's verdict is computed from it, or it names the process. */
    private static final String ALWAYS = "";

    private RequestWriter() {}

    /** The whole request, every fact it gives. */
    public static ObjectNode tree(Request r) {
        return tree(r, null);
    }

    /** The request with only the facts that feed {@code reads} (null: every fact). */
    public static ObjectNode tree(Request r, Set<String> reads) {
        ObjectNode root = JSON.createObjectNode();
        if (r.channel() != null) root.put("channel", r.channel().id());
        ObjectNode p = process(r.process(), reads);
        if (!p.isEmpty()) root.set("process", p);
        if (r.file() != null) root.set("file", file(r.file(), reads));
        if (r.argv() != null && (reads == null || r.isInvocation())) {
            ArrayNode argv = root.putArray("argv");
            r.argv().forEach(argv::add);
        }
        if (r.env() != null && (reads == null || r.isInvocation())) {
            ObjectNode env = root.putObject("env");
            new java.util.TreeMap<>(r.env()).forEach(env::put); // sorted: equal requests, equal lines
        }
        if (r.cwd() != null) root.put("cwd", r.cwd());
        if (r.stdin() != null) root.set("stdin", file(r.stdin(), reads));
        return root;
    }

    /** One line. */
    public static String write(Request r, Set<String> reads) {
        return tree(r, reads).toString();
    }

    private static ObjectNode process(ProcessInfo p, Set<String> reads) {
        ObjectNode o = JSON.createObjectNode();
        Keep k = new Keep(o, reads);
        k.put("pid", p.pid(), ALWAYS); // not a fact any rule reads, but which process it was
        k.put("uid", p.uid(), ALWAYS);
        k.put("gid", p.gid(), ALWAYS);
        k.put("groups", p.groups(), ALWAYS);
        k.put("user", p.user(), "user");
        k.put("service", p.service(), "service");
        k.put("exe", p.exe(), ALWAYS); // the interpreter is found from it, and a new policy may well ask
        k.put("interpreter", p.interpreter(), "interpreter");
        k.put("parent_exe", p.parentExe(), "parentExe");
        k.put("securebits", p.securebits() == null ? null : ids(p.securebits()), ALWAYS);
        k.put("capabilities", p.capabilities() == null ? null : new TreeSet<>(p.capabilities()), ALWAYS);
        k.put("no_new_privs", p.noNewPrivs(), "noNewPrivs");
        k.put("lsm_label", p.lsmLabel(), "lsmLabel");
        k.put("stdin_tty", p.stdinTty(), ALWAYS); // a TTY on fd 0 is what the stdin check judges
        k.put("inherited_fds", p.inheritedFds(), "inheritedFds");
        return o;
    }

    private static ObjectNode file(FileInfo f, Set<String> reads) {
        ObjectNode o = JSON.createObjectNode();
        Keep k = new Keep(o, reads);
        k.put("path", f.path(), "path");
        k.put("type", f.type() == null ? null : f.type().id(), ALWAYS);
        k.put("mode", f.mode() == null ? null : String.format("%04o", f.mode()), ALWAYS);
        k.put("uid", f.uid(), ALWAYS);
        k.put("gid", f.gid(), ALWAYS);
        if (reads == null) {
            k.put("dev", f.dev(), ALWAYS);
            k.put("ino", f.ino(), ALWAYS);
            k.put("size", f.size(), ALWAYS);
            k.put("mtime", f.mtime(), ALWAYS);
            k.put("ctime", f.ctime(), ALWAYS);
        }
        MountInfo m = f.mount();
        if (m != null) {
            ObjectNode mount = JSON.createObjectNode();
            Keep km = new Keep(mount, reads);
            km.put("point", m.point(), "mountPoint");
            km.put("fstype", m.fstype(), "fstype");
            km.put("noexec", m.noexec(), ALWAYS);
            km.put("nosuid", m.nosuid(), "nosuid");
            km.put("ro", m.ro(), "ro");
            if (!mount.isEmpty()) o.set("mount", mount);
        }
        k.put("others_can_write", f.othersCanWrite(), "othersCanWrite");
        k.put("sha256", f.sha256(), "sha256");
        k.put("package_trusted", f.packageTrusted(), "packageTrusted");
        if (reads == null) k.put("ima", f.ima(), ALWAYS);
        k.put("kernel_check", f.kernelCheck(), ALWAYS);
        return o;
    }

    /** Puts a fact's value as a request writes it: numbers, booleans and strings as such, a collection as an array. */
    public static void put(ObjectNode o, String key, Object value) {
        switch (value) {
            case Integer i -> o.put(key, i);
            case Long l -> o.put(key, l);
            case Boolean b -> o.put(key, b);
            case String s -> o.put(key, s);
            case Collection<?> c -> {
                ArrayNode a = o.putArray(key);
                c.forEach(x -> {
                    if (x instanceof Integer i) a.add(i);
                    else a.add(String.valueOf(x));
                });
            }
            default -> o.put(key, String.valueOf(value));
        }
    }

    private static TreeSet<String> ids(Set<Securebit> bits) {
        TreeSet<String> out = new TreeSet<>();
        for (Word w : bits) out.add(w.id());
        return out;
    }

    /** Puts a known value when one of the query fields it feeds is read (or it is a kernel input). */
    private record Keep(ObjectNode o, Set<String> reads) {
        void put(String key, Object value, String... feeds) {
            if (value == null || !kept(feeds)) return;
            RequestWriter.put(o, key, value);
        }

        private boolean kept(String[] feeds) {
            if (reads == null) return true;
            for (String f : feeds) {
                if (f.equals(ALWAYS) || reads.contains(f)) return true;
            }
            return false;
        }
    }
}
