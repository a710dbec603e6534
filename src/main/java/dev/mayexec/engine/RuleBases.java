package dev.mayexec.engine;

import dev.mayexec.compile.CompiledPolicy;
import dev.mayexec.compile.DrlCompiler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.core.impl.KnowledgeBaseImpl;
import org.kie.api.definition.KiePackage;

/**
 * Compiled rule bases kept on disk between runs, so that a one-off command loads the Drools packages
 * its policy compiles to instead of compiling the DRL again (a second for a small policy).
 *
 * <p>A file is named by its key: the SHA-256 of everything the packages are made of (the generated
 * DRL, the base rules, the classes the rules call, Drools' and Java's versions), so a changed policy
 * or a changed mayexec never meets an old file. A file holds code (compiled consequences, read by
 * Java serialization): it is read only from a directory that is the user's own (owned by the
 * process's user, a directory and not a link, that no one else may write), only if it is a regular
 * file of the user's that no one else may write, and only if its header names the key and its
 * content matches the digest it was written with; anything else is ignored and the DRL is compiled.
 * Files are written whole to a temporary name and renamed; the oldest beyond {@link #KEPT} go.
 */
public final class RuleBases {
    private static final int KEPT = 32;
    private static final String FORMAT = "mayexec-rule-base-1";
    /** The classes the generated and base rules call: their bytes are part of the key. */
    private static final List<Class<?>> CALLED = List.of(Query.class, Verdict.class, FileId.class, Hits.class,
            Tables.class, Match.class);
    private static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;java.**;org.drools.**;org.kie.**;org.mvel2.**;dev.mayexec.**;!*");

    private final Path dir;

    private RuleBases(Path dir) {
        this.dir = dir;
    }

    /** The store in {@code dir}. */
    public static RuleBases in(Path dir) {
        return new RuleBases(dir);
    }

    /**
     * The user's store: {@code $XDG_CACHE_HOME/mayexec}, else {@code ~/.cache/mayexec}; none when
     * neither names an absolute directory.
     */
    public static Optional<RuleBases> user() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg)
                : home != null && home.startsWith("/") && !home.equals("/") ? Path.of(home, ".cache") : null;
        return Optional.ofNullable(base).map(b -> new RuleBases(b.resolve("mayexec")));
    }

    /** The packages stored for this policy, or empty when there are none that may be trusted. */
    Optional<Collection<KiePackage>> load(CompiledPolicy compiled) {
        String key = key(compiled);
        Path file = dir.resolve(key + ".rules");
        try {
            if (!ours(dir, true) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !ours(file, false)) {
                return Optional.empty();
            }
            byte[] all = Files.readAllBytes(file);
            String header = FORMAT + "\n" + key + "\n";
            int payload = header.length() + 65;
            if (all.length < payload
                    || !new String(all, 0, header.length(), StandardCharsets.US_ASCII).equals(header)
                    || !new String(all, header.length(), 64, StandardCharsets.US_ASCII)
                            .equals(hex(sha256().digest(Arrays.copyOfRange(all, payload, all.length))))) {
                return Optional.empty();
            }
            try (DroolsObjectInputStream in = new DroolsObjectInputStream(
                    new ByteArrayInputStream(all, payload, all.length - payload), RuleBases.class.getClassLoader())) {
                in.setObjectInputFilter(CLASSES);
                @SuppressWarnings("unchecked")
                Collection<KiePackage> packages = (Collection<KiePackage>) in.readObject();
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis())); // recently used
                return Optional.of(packages);
            }
        } catch (IOException | ClassNotFoundException | ClassCastException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable, or written by something else: compile the DRL
        }
    }

    /** Keeps the packages of this policy; a store that cannot be written is left as it is. */
    void save(CompiledPolicy compiled, Collection<KiePackage> packages) {
        String key = key(compiled);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!ours(dir, true)) return;
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(payload)) {
                out.writeObject(new ArrayList<>(packages));
            }
            byte[] bytes = payload.toByteArray();
            Path tmp = Files.createTempFile(dir, "rules", ".tmp"); // rw------- and a name of its own
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write((FORMAT + "\n" + key + "\n" + hex(sha256().digest(bytes)) + "\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            }
            Files.move(tmp, dir.resolve(key + ".rules"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            prune();
        } catch (IOException | RuntimeException e) {
            // the store is a convenience: the rule base was built and is used as it is
        }
    }

    private void prune() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.rules")) {
            s.forEach(files::add);
        }
        if (files.size() <= KEPT) return;
        files.sort(Comparator.comparing(RuleBases::modified).reversed());
        for (Path old : files.subList(KEPT, files.size())) Files.deleteIfExists(old);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Whether {@code p} is the process user's own, of the kind expected, not a link, and no one else may write it. */
    private static boolean ours(Path p, boolean directory) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode,isDirectory,isRegularFile,isSymbolicLink",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        return a.get("uid").equals(processUid()) && (directory ? (Boolean) a.get("isDirectory") : (Boolean) a.get("isRegularFile"))
                && !(Boolean) a.get("isSymbolicLink") && (mode & 022) == 0;
    }

    private static Object processUid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** The SHA-256 of what the packages are made of. */
    static String key(CompiledPolicy compiled) {
        MessageDigest d = sha256();
        for (String part : List.of(FORMAT, System.getProperty("java.vm.version"),
                KnowledgeBaseImpl.class.getProtectionDomain().getCodeSource().getLocation().getPath(),
                DrlCompiler.baseRules(), compiled.drl())) {
            update(d, part.getBytes(StandardCharsets.UTF_8));
        }
        for (Class<?> c : CALLED) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                update(d, in.readAllBytes());
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("mayexec's own class " + c.getName() + " cannot be read", e);
            }
        }
        return hex(d.digest());
    }

    /** Each part with its length first, so that parts cannot run into each other. */
    private static void update(MessageDigest d, byte[] part) {
        d.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
