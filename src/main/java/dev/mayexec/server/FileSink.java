package dev.mayexec.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The decision log as a file of JSON lines. Only whole lines: a batch that could not be written
 * entirely (a full disk) is cut off again at the length the file had before it. Rotated by size
 * ({@code decisions.log.1} … {@code .keep}), and reopened when logrotate moved or removed the file
 * (checked before each batch).
 */
final class FileSink implements DecisionLog.Sink {
    private final Path path;
    private final LogLimits limits;
    private FileChannel out;
    private Object openKey;
    /** The length to cut the file back to before writing again, when cutting it failed; else -1. */
    private long cutBackTo = -1;

    FileSink(Path path, LogLimits limits) throws IOException {
        this.path = path;
        this.limits = limits;
        reopen();
    }

    @Override
    public void write(List<DecisionLog.Entry> batch) throws IOException {
        if (out == null || movedAway()) reopen();
        if (cutBackTo >= 0) {
            out.truncate(cutBackTo);
            cutBackTo = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (DecisionLog.Entry e : batch) sb.append(e.json()).append('\n');
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (out.size() > 0 && out.size() + buf.remaining() > limits.maxBytes()) rotate();
        long start = out.size();
        try {
            while (buf.hasRemaining()) out.write(buf);
        } catch (IOException e) {
            // never leave a piece of a line: the next line would be glued to it
            try {
                out.truncate(start);
            } catch (IOException alsoFailed) {
                cutBackTo = start;
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /** Shifts {@code path.1 … path.(keep-1)} up by one, moves the file to {@code path.1} and starts a new one. */
    private void rotate() throws IOException {
        for (int i = limits.keep() - 1; i >= 1; i--) {
            Path from = numbered(i);
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException movedMeanwhile) {
            // logrotate took it first: a new file all the same
        }
        reopen();
    }

    private Path numbered(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    private boolean movedAway() throws IOException {
        try {
            return !Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey().equals(openKey);
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private void reopen() throws IOException {
        if (out != null) out.close();
        out = null;
        cutBackTo = -1; // a new file holds no piece of a line
        for (int attempt = 1; ; attempt++) {
            // never through a symlink: whoever can write the log's directory must not point it at /etc/shadow
            FileChannel opened = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) throw new IOException("the decision log `" + path + "` is not a regular file");
                openKey = a.fileKey();
                out = opened;
                return;
            } catch (NoSuchFileException movedMeanwhile) {
                // logrotate moved the file between our open and our look: open the new one
                opened.close();
                if (attempt == 3) throw movedMeanwhile;
            } catch (IOException e) {
                opened.close();
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
    }
}
