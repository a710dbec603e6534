package dev.mayexec.fapolicyd;

import dev.mayexec.diag.Diagnostic;
import dev.mayexec.diag.SourceSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The paths fapolicyd's file trust backend trusts: {@code fapolicyd.trust} and {@code trust.d/*}
 * lines of {@code PATH SIZE SHA256}. With {@code integrity = none} (the default), fapolicyd trusts a
 * file by its path alone, so {@code trust=1} is exactly "the path is listed".
 */
record TrustList(Set<String> paths) {
    TrustList {
        paths = java.util.Collections.unmodifiableSet(new TreeSet<>(paths));
    }

    boolean contains(String path) {
        return paths.contains(path);
    }

    /** Reads the files and directories given; problems go to {@code diagnostics}. */
    static TrustList read(List<Path> sources, List<Diagnostic> diagnostics) {
        Set<String> paths = new TreeSet<>();
        for (Path source : sources) {
            List<Path> files = new ArrayList<>();
            try {
                if (Files.isDirectory(source)) {
                    try (Stream<Path> s = Files.list(source)) {
                        s.filter(Files::isRegularFile).sorted().forEach(files::add);
                    }
                } else {
                    files.add(source);
                }
                for (Path f : files) {
                    if (Files.size(f) > RulesReader.MAX_FILE_BYTES * 8) {
                        diagnostics.add(Diagnostic.error("mx.fapolicyd.too-large", SourceSpan.ofFile(f.toString()),
                                "trust file `" + f + "` is larger than " + (RulesReader.MAX_FILE_BYTES * 8 >> 20) + " MiB", null));
                        continue;
                    }
                    lines(Files.readAllLines(f, StandardCharsets.UTF_8), f, paths, diagnostics);
                }
            } catch (IOException e) {
                diagnostics.add(Diagnostic.error("mx.fapolicyd.io", SourceSpan.ofFile(source.toString()),
                        "cannot read trust file `" + source + "`: " + e.getMessage(), "give fapolicyd.trust or trust.d/"));
            }
        }
        return new TrustList(paths);
    }

    private static void lines(List<String> lines, Path f, Set<String> paths, List<Diagnostic> diagnostics) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            // PATH SIZE SHA256, split from the right: a path may hold spaces
            int hash = line.lastIndexOf(' ');
            int size = hash < 0 ? -1 : line.lastIndexOf(' ', hash - 1);
            if (size <= 0 || !line.startsWith("/") || !line.substring(size + 1, hash).chars().allMatch(Character::isDigit)) {
                diagnostics.add(Diagnostic.error("mx.fapolicyd.trust", new SourceSpan(f.toString(), i + 1, 1),
                        "cannot read trust entry `" + line + "`", "write `/full/path SIZE SHA256`"));
                continue;
            }
            paths.add(line.substring(0, size).strip());
        }
    }
}
