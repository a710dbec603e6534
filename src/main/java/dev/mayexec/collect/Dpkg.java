package dev.mayexec.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Package trust from dpkg's database: a file is trusted when an installed package lists it
 * ({@code *.list}) and its content matches the package's {@code *.md5sums} entry. The index of
 * owners is built once and rebuilt when the database directory changes (a package was installed).
 * Conffiles have no md5sums entry, so they are never trusted as code.
 */
final class Dpkg {
    private final Path info;
    private FileTime seen;
    private Map<String, String> owners = Map.of();

    Dpkg(Path info) {
        this.info = info;
    }

    /** The content's MD5, computed only when a package lists the file (hashing is the costly part). */
    interface Md5 {
        String get() throws IOException, LiveFactsException;
    }

    /** Whether an installed package ships {@code candidates} (the same file under other names) unmodified. */
    boolean trusted(List<String> candidates, Md5 content) throws IOException, LiveFactsException {
        Map<String, String> index = index();
        for (String name : candidates) {
            String pkg = index.get(name);
            if (pkg == null) continue;
            String expected = md5sum(pkg, name.substring(1));
            if (expected != null) return expected.equals(content.get()); // else a symlink entry: try the next name
        }
        return false;
    }

    private synchronized Map<String, String> index() throws IOException {
        if (!Files.isDirectory(info)) return Map.of();
        FileTime t = Files.getLastModifiedTime(info);
        if (!t.equals(seen)) {
            Map<String, String> m = new HashMap<>();
            try (Stream<Path> lists = Files.list(info)) {
                for (Path list : lists.filter(p -> p.toString().endsWith(".list")).sorted().toList()) {
                    String pkg = list.getFileName().toString().replaceFirst("\\.list$", "");
                    for (String line : Files.readAllLines(list)) {
                        m.putIfAbsent(line, pkg);
                    }
                }
            }
            owners = m;
            seen = t;
        }
        return owners;
    }

    private String md5sum(String pkg, String relative) throws IOException {
        Path sums = info.resolve(pkg + ".md5sums");
        if (!Files.isRegularFile(sums)) return null;
        for (String line : Files.readAllLines(sums)) {
            int space = line.indexOf("  ");
            if (space > 0 && line.substring(space + 2).equals(relative)) return line.substring(0, space);
        }
        return null;
    }
}
