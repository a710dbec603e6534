package dev.mayexec.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The interpreter profiles mayexec ships ({@code policies/interpreters/*.yaml} in the repository,
 * {@code dev/mayexec/interpreters/} on the class path). A policy's own profile overrides the shipped
 * one of the same name; the shipped ones that remain decide which interpreter a process is, so their
 * bytes are part of every policy's hash.
 */
public final class ShippedProfiles {
    /** Where the shipped profiles are on the class path. */
    public static final String RESOURCE_DIR = "/dev/mayexec/interpreters";
    /** How diagnostics and messages name a shipped file: {@code mayexec:interpreters/python3.yaml}. */
    public static final String PREFIX = "mayexec:";

    /** One shipped file: its name as diagnostics show it, and its bytes. */
    record Source(String file, byte[] bytes) {}

    private static List<Source> classPath;

    private final List<Source> sources;

    private ShippedProfiles(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The profiles packaged with mayexec (read once per JVM: they cannot change while it runs). */
    public static synchronized ShippedProfiles packaged() {
        if (classPath == null) classPath = readClassPath(); // synchronized: a jar file system opens once at a time
        return new ShippedProfiles(classPath);
    }

    /** The profiles in {@code dir} instead (tests; trying out a changed shipped profile). */
    public static ShippedProfiles in(Path dir) {
        try {
            return new ShippedProfiles(read(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the interpreter profiles in " + dir, e);
        }
    }

    List<Source> sources() {
        return sources;
    }

    private static List<Source> readClassPath() {
        URL url = ShippedProfiles.class.getResource(RESOURCE_DIR);
        if (url == null) {
            throw new IllegalStateException("the shipped interpreter profiles are missing from the class path ("
                    + RESOURCE_DIR + "); rebuild mayexec");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return read(jar.getPath(RESOURCE_DIR));
                }
            }
            return read(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped interpreter profiles", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the shipped interpreter profiles have no usable location: " + url, e);
        }
    }

    private static List<Source> read(Path dir) throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList()) {
                out.add(new Source(PREFIX + "interpreters/" + p.getFileName(), Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
