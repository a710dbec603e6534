package dev.mayexec.lint.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mayexec.facts.Channel;
import dev.mayexec.json.RequestWriter;
import dev.mayexec.policy.Attribute;

/** Writes a {@link Model} as a request in the JSON that {@code mayexec decide} reads. */
final class Witness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Witness() {}

    static String json(Model m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("channel", m.channel().id());
        ObjectNode process = JSON.createObjectNode();
        ObjectNode file = JSON.createObjectNode();
        for (Attribute a : Attribute.values()) {
            Object v = m.get(a);
            if (v == null || (a == Attribute.INTERPRETER && m.get(Attribute.EXE) != null)) continue; // the exe decides
            String[] path = field(a);
            if (path == null) continue;
            ObjectNode parent = path[0].equals("process") ? process : file;
            for (int i = 1; i < path.length - 1; i++) {
                parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
            }
            RequestWriter.put(parent, path[path.length - 1], switch (a) {
                case MODE -> String.format("%04o", (Integer) v);
                case INHERITED_FDS -> java.util.stream.IntStream.range(3, 3 + (Integer) v).boxed().toList(); // fds above 2
                default -> v;
            });
        }
        if (Integer.valueOf(0).equals(m.get(Attribute.UID)) && m.get(Attribute.CAPABILITY) == null
                && m.mentioned().contains(Attribute.CAPABILITY)) {
            process.putArray("capabilities"); // else uid 0 would count as holding every capability
        }
        if (!process.isEmpty()) root.set("process", process);
        boolean tty = m.channel() == Channel.STDIN && Boolean.TRUE.equals(m.get(Attribute.STDIN_TTY));
        if (!file.isEmpty() || tty) root.set("file", file); // an empty file keeps a TTY from standing in for it
        return root.toString();
    }

    /** Where an attribute goes in a request ({@code ["file", "mount", "point"]}), or null if it has no field. */
    private static String[] field(Attribute a) {
        String path = switch (a) {
            case GROUP -> "process.groups";
            case INTERPRETER -> "process.interpreter";
            case KERNEL_CHECK -> "file.kernel_check";
            case INHERITED_FDS -> "process.inherited_fds";
            default -> a.source();
        };
        return path.matches("(process|file)(\\.[a-z0-9_]+)+") ? path.split("\\.") : null; // sha256 has digits
    }
}
