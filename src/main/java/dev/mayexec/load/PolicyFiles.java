package dev.mayexec.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The files of a policy directory, read only when they are policy: a path inside the directory that
 * is (or, through symbolic links, leads to) a regular file inside the directory. A link out of it
 * could make a linter in CI read and print {@code /etc/shadow}; a fifo would block it. The loader
 * reads through this class, and so do the renderers that show source lines, so no output ever holds
 * a line of a file that was not accepted as policy.
 */
public final class PolicyFiles {
    private final Path root;

    private PolicyFiles(Path root) {
        this.root = root;
    }

    /** The files of {@code dir} (which must exist), as the directory really is, links resolved. */
    static PolicyFiles of(Path dir) throws IOException {
        return new PolicyFiles(dir.toRealPath());
    }

    /** Why a file is not read as policy: a diagnostic's code, and what the file is ("is a fifo, ..."). */
    record Refusal(String code, String reason) {}

    /** Why {@code file} (relative to the directory) is not read as policy; empty when it may be. */
    Optional<Refusal> refusal(String file, boolean directory) throws IOException {
        Path p = root.resolve(file);
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.of(Files.isSymbolicLink(p) ? new Refusal("mx.load.symlink", "is a symbolic link to nothing")
                    : new Refusal("mx.load.io", "is missing"));
        }
        if (!real.startsWith(root)) {
            return Optional.of(new Refusal("mx.load.symlink", (Files.isSymbolicLink(p) ? "is a symbolic link" : "lies in a"
                    + " directory") + " that leads out of the policy directory"));
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (directory ? a.isDirectory() : a.isRegularFile()) return Optional.empty();
        return Optional.of(new Refusal("mx.load.special-file", "is " + kind(real, a) + ", not a "
                + (directory ? "directory" : "regular file")));
    }

    /** Reads an accepted file, at most {@code limit} bytes of it (more means too large: the caller checks). */
    byte[] read(String file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(file).toRealPath(), LinkOption.NOFOLLOW_LINKS)) {
            return in.readNBytes(limit + 1);
        }
    }

    /**
     * The text of a policy file, for showing its lines; empty unless the file is accepted as policy,
     * is no larger than a policy file may be, and is UTF-8.
     */
    public static Optional<String> text(Path dir, String file) {
        try {
            PolicyFiles files = of(dir);
            if (files.refusal(file, false).isPresent()) return Optional.empty();
            byte[] bytes = files.read(file, PolicyLoader.MAX_FILE_BYTES);
            if (bytes.length > PolicyLoader.MAX_FILE_BYTES) return Optional.empty();
            return Optional.of(utf8(bytes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Decodes UTF-8 strictly: a policy that is not UTF-8 is refused, not guessed at. */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String kind(Path p, BasicFileAttributes a) throws IOException {
        if (a.isDirectory()) return "a directory";
        if (a.isRegularFile()) return "a regular file";
        int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        return switch (type) {
            case 0010000 -> "a fifo";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "a special file";
        };
    }
}
