package dev.mayexec.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The little the classifier reads from files: a script's first bytes (its {@code #!} line), and
 * whether a file exists (module files, {@code PATH} lookups). Injected, so that classification is
 * otherwise pure and tests need no files.
 */
public interface Disk {

    /** Up to {@code max} bytes from the start of the regular file at {@code path}; empty if it cannot be read. */
    Optional<byte[]> head(String path, int max);

    /** Whether {@code path} is a regular file. */
    boolean isFile(String path);

    /** Whether {@code path} is a regular file that could be executed ({@code PATH} lookups skip the rest). */
    boolean isExecutable(String path);

    /** A disk on which nothing exists. */
    static Disk none() {
        return of(Map.of());
    }

    /** A disk holding exactly {@code files} (path to content), every one of them executable. */
    static Disk of(Map<String, String> files) {
        return new Disk() {
            @Override
            public Optional<byte[]> head(String path, int max) {
                String text = files.get(path);
                if (text == null) return Optional.empty();
                byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return Optional.of(java.util.Arrays.copyOf(b, Math.min(max, b.length)));
            }

            @Override
            public boolean isFile(String path) {
                return files.containsKey(path);
            }

            @Override
            public boolean isExecutable(String path) {
                return files.containsKey(path);
            }
        };
    }

    /** This machine's files, as this process sees them. */
    static Disk system() {
        return new Disk() {
            @Override
            public Optional<byte[]> head(String path, int max) {
                if (!isFile(path)) return Optional.empty(); // checked first: opening a fifo would block
                try (InputStream in = Files.newInputStream(Path.of(path))) {
                    return Optional.of(in.readNBytes(max));
                } catch (IOException | InvalidPathException | SecurityException e) {
                    return Optional.empty(); // unreadable is what the caller reports, with the path
                }
            }

            @Override
            public boolean isFile(String path) {
                try {
                    return Files.isRegularFile(Path.of(path));
                } catch (InvalidPathException e) {
                    return false;
                }
            }

            @Override
            public boolean isExecutable(String path) {
                return isFile(path) && Files.isExecutable(Path.of(path));
            }
        };
    }
}
