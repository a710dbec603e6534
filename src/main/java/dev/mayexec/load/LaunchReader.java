package dev.mayexec.load;

import dev.mayexec.diag.Diagnostics;
import dev.mayexec.diag.SourceSpan;
import dev.mayexec.facts.Securebit;
import dev.mayexec.policy.LaunchSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads a file's {@code launch:} block (docs/POLICY.md, "Launch"). */
final class LaunchReader {
    /** The highest descriptor a policy may name: far above any real service's, far below a malformed number. */
    static final int MAX_FD = 1023;
    static final String LISTEN_FDS = "listen-fds";

    private LaunchReader() {}

    static LaunchSettings read(MapReader m, ConditionReader conditions, Diagnostics diagnostics) {
        Optional<YamlNode> node = m.get("launch");
        if (node.isEmpty()) return LaunchSettings.none(m.span());
        SourceSpan at = m.keySpan("launch").orElseThrow();
        Optional<MapReader> r = MapReader.of(node.get(), "`launch`", Set.of("securebits", "lock", "pass-fds", "no-new-privs"),
                "write for example `launch: {securebits: [exec-restrict-file], lock: true}`", diagnostics);
        if (r.isEmpty()) return new LaunchSettings(true, Set.of(), false, new TreeSet<>(), false, false, at);
        Set<Securebit> bits = new LinkedHashSet<>();
        List<String> allowed = List.of(Securebit.EXEC_RESTRICT_FILE.id(), Securebit.EXEC_DENY_INTERACTIVE.id());
        r.get().get("securebits").ifPresent(n -> MapReader.items(n).forEach(item -> MapReader.word(item,
                "a securebit in `launch` (`lock: true` sets the locked forms)", allowed,
                t -> allowed.contains(t) ? Securebit.parse(t) : Optional.empty(), diagnostics).ifPresent(bits::add)));
        boolean lock = r.get().get("lock").flatMap(n -> conditions.bool(n, "`lock` of `launch`")).orElse(false);
        boolean nnp = r.get().get("no-new-privs").flatMap(n -> conditions.bool(n, "`no-new-privs` of `launch`")).orElse(false);
        TreeSet<Integer> fds = new TreeSet<>();
        boolean listen = false;
        for (YamlNode item : r.get().get("pass-fds").map(MapReader::items).orElse(List.of())) {
            if (item instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT && s.text().matches("[0-9]{1,4}")
                    && Integer.parseInt(s.text()) >= 3 && Integer.parseInt(s.text()) <= MAX_FD) {
                fds.add(Integer.parseInt(s.text()));
            } else if (item instanceof YamlNode.Scalar s && s.text().equals(LISTEN_FDS)) {
                listen = true;
            } else {
                diagnostics.error("mx.load.bad-value", item.span(), "`pass-fds` of `launch` lists descriptors from 3 to "
                        + MAX_FD + " or `" + LISTEN_FDS + "`, found " + (item instanceof YamlNode.Scalar s
                                ? "`" + s.text() + "`" : item.kind()),
                        "0, 1 and 2 always pass; write for example `pass-fds: [listen-fds, 5]`");
            }
        }
        if (lock && bits.isEmpty()) {
            diagnostics.error("mx.load.bad-value", at, "`launch` locks securebits but sets none",
                    "add `securebits: [exec-restrict-file]`, or remove `lock`");
        }
        return new LaunchSettings(true, bits, lock, fds, listen, nnp, at);
    }
}
