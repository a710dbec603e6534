package dev.mayexec.diag;

/**
 * A place in a policy file: the file's path relative to the policy directory, and a 1-based line
 * and column. Line 0 means the whole file (for example, a file that cannot be read).
 */
public record SourceSpan(String file, int line, int col) implements Comparable<SourceSpan> {

    /** Returns a span that names a whole file. */
    public static SourceSpan ofFile(String file) {
        return new SourceSpan(file, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + col;
    }

    @Override
    public int compareTo(SourceSpan o) {
        int c = file.compareTo(o.file);
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(col, o.col);
    }
}
