package dev.mayexec.engine;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A set of directories, asked which of them lie above a path. It is a tree of path components, so
 * the answer costs one step per component of the path, and the work is linear in the path's length
 * (not one prefix per level, which is quadratic on a deep path).
 */
final class Dirs {
    private final Node root = new Node();

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        boolean member;
    }

    Dirs(Collection<String> dirs) {
        for (String dir : dirs) {
            Node n = root;
            for (int start = 1; start < dir.length(); ) {
                int slash = dir.indexOf('/', start);
                int end = slash < 0 ? dir.length() : slash;
                n = n.children.computeIfAbsent(dir.substring(start, end), c -> new Node());
                start = end + 1;
            }
            n.member = true;
        }
    }

    /** Calls {@code found} with each member directory strictly above {@code path}, the root first. */
    void above(String path, Consumer<String> found) {
        if (path.length() <= 1) return; // nothing lies above `/`
        Node n = root;
        int start = 1;
        while (true) {
            if (n.member) found.accept(start == 1 ? "/" : path.substring(0, start - 1));
            int slash = path.indexOf('/', start);
            if (slash < 0) return; // the last component is the path itself, not a directory above it
            n = n.children.get(path.substring(start, slash));
            if (n == null) return;
            start = slash + 1;
        }
    }

    boolean anyAbove(String path) {
        boolean[] any = {false};
        above(path, d -> any[0] = true);
        return any[0];
    }
}
