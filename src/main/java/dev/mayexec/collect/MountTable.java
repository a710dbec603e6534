package dev.mayexec.collect;

import dev.mayexec.facts.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mounts of one {@code mountinfo} file, by mount id: a descriptor's mount is known exactly from
 * its {@code statx} mount id, never guessed from a name. Flags are the per-mount options (field 6),
 * where the kernel keeps {@code noexec}: a bind mount can differ from its source. The table is read
 * again, and parsed only when its text changed.
 */
final class MountTable {
    /** One line: the mount's id, its filesystem ({@code major:minor}), the directory of that filesystem it shows, where. */
    record Mount(long id, String device, String root, String point, String fstype, Set<String> options) {
        MountInfo info() {
            return new MountInfo(point, fstype, options.contains("noexec"), options.contains("nosuid"), options.contains("ro"));
        }
    }

    private final Path mountinfo;
    private final int watch;
    private boolean loaded;
    private String seen;
    private List<Mount> mounts = List.of();
    private Map<Long, Mount> byId = Map.of();

    /** A table read again on every look, and parsed when its text changed (another process's, or a file). */
    MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
        this.watch = -1;
    }

    private MountTable(Path mountinfo, int watch) {
        this.mountinfo = mountinfo;
        this.watch = watch;
    }

    /**
     * A {@code /proc/…/mountinfo} table kept open and read again only when the kernel signals that
     * the namespace's mounts changed ({@code POLLPRI}): a look costs one {@code poll}.
     */
    static MountTable watched(Path mountinfo) {
        int fd = Kernel.open(mountinfo.toString(), 0);
        return new MountTable(mountinfo, fd);
    }

    /** The mount with this id, or null when this table does not have it (another namespace's). */
    synchronized Mount byId(long id) throws IOException {
        refresh();
        return byId.get(id);
    }

    /** Every mount, in the table's order (a later mount on the same point hides an earlier one). */
    synchronized List<Mount> all() throws IOException {
        refresh();
        return mounts;
    }

    private void refresh() throws IOException {
        if (watch >= 0 && loaded && !Kernel.changed(watch)) return;
        loaded = true;
        String text = Files.readString(mountinfo);
        if (!text.equals(seen)) {
            mounts = parse(text);
            Map<Long, Mount> ids = new HashMap<>();
            for (Mount m : mounts) ids.put(m.id(), m);
            byId = ids;
            seen = text;
        }
    }

    /** The mounts of a table's text; lines that are not of mountinfo's form are skipped. */
    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 1 >= f.length) continue;
            try {
                out.add(new Mount(Long.parseLong(f[0]), f[2], unescape(f[3]), unescape(f[4]), f[dash + 1],
                        Set.of(f[5].split(","))));
            } catch (NumberFormatException notAMountLine) {
                // skipped, like any other line that is not a mount
            }
        }
        return out;
    }

    /**
     * Names under which {@code mounts} show a file that {@code from} shows at {@code name}: the same
     * filesystem and the same directory of it, seen through another mount (another namespace's, or a
     * bind mount). The caller checks each candidate against the file's identity.
     */
    static List<String> translations(Mount from, String name, List<Mount> mounts) {
        String inMount = below(name, from.point());
        if (inMount == null) return List.of();
        String inFs = join(from.root(), inMount);
        List<String> out = new ArrayList<>();
        for (Mount m : mounts) {
            if (!m.device().equals(from.device())) continue;
            String rest = below(inFs, m.root());
            if (rest != null) out.add(join(m.point(), rest));
        }
        return out;
    }

    /** The part of {@code path} below directory {@code dir} ("" for dir itself), or null when it is not below. */
    private static String below(String path, String dir) {
        if (dir.equals("/")) return path.substring(1);
        if (path.equals(dir)) return "";
        return path.startsWith(dir + "/") ? path.substring(dir.length() + 1) : null;
    }

    private static String join(String dir, String rest) {
        if (rest.isEmpty()) return dir;
        return dir.endsWith("/") ? dir + rest : dir + "/" + rest;
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
