package dev.mayexec.collect;

import dev.mayexec.facts.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The mounts of {@code mountinfo}, and which one a resolved path lives on: the longest mount point
 * that is a prefix of the path, and of mounts stacked on the same point the last (the visible one).
 * Flags are the per-mount options (field 6), where the kernel keeps {@code noexec}: a bind mount can
 * differ from its source.
 */
final class MountTable {
    record Mount(String point, String fstype, Set<String> options) {}

    private final Path mountinfo;
    private String seen;
    private List<Mount> mounts = List.of();

    MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    /** Returns the mount of {@code path}, re-reading the table (it is small) and parsing it when it changed. */
    synchronized MountInfo lookup(String path) throws IOException {
        String text = Files.readString(mountinfo);
        if (!text.equals(seen)) {
            mounts = parse(text);
            seen = text;
        }
        Mount best = null;
        for (Mount m : mounts) {
            boolean covers = m.point().equals("/") || path.equals(m.point()) || path.startsWith(m.point() + "/");
            if (covers && (best == null || m.point().length() >= best.point().length())) best = m;
        }
        if (best == null) return null;
        return new MountInfo(best.point(), best.fstype(), best.options().contains("noexec"),
                best.options().contains("nosuid"), best.options().contains("ro"));
    }

    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 1 >= f.length) continue;
            out.add(new Mount(unescape(f[4]), f[dash + 1], Set.of(f[5].split(","))));
        }
        return out;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
