package dev.mayexec.engine;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import java.util.Set;

/**
 * Clears the query fields a compiled policy does not read. The engine evaluates the projected query,
 * and the cache keys on it, so a cached answer is the uncached answer by construction: two requests
 * with the same projection are the same question to this policy.
 */
final class FactProjection {
    /** The anchor is set on the engine's anchored copies, never on the query that is projected. */
    private static final Set<String> ANCHOR = Set.of("anchorField", "anchor");

    /**
     * A query whose fields are set where the policy reads them: what to keep, made once per policy
     * from the query's own components (their names are the only list), not per request.
     */
    private final Query mask;
    /** The names of the fields kept: without the kernel's verdict unless the policy reads it, and with it. */
    private final Set<String> kept;
    private final Set<String> keptWithKernel;

    FactProjection(Set<String> reads) {
        RecordComponent[] components = Query.class.getRecordComponents();
        Object[] marks = new Object[components.length];
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            if (Query.ALWAYS_READ.contains(name)) {
                marks[i] = components[i].getType() == boolean.class ? false : "";
            } else if (!ANCHOR.contains(name) && reads.contains(name)) {
                marks[i] = mark(components[i].getType());
            }
            if (marks[i] != null) names.add(name);
        }
        kept = Set.copyOf(names);
        names.add("kernel");
        keptWithKernel = Set.copyOf(names);
        try {
            mask = (Query) Query.class.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).newInstance(marks);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the projection's mask", e);
        }
    }

    /** A value of the field's type, which only says "kept". */
    private static Object mark(Class<?> type) {
        if (type == String.class) return "";
        if (type == Integer.class) return 0;
        if (type == Boolean.class) return true;
        if (type == Set.class) return Set.of();
        if (type == FileId.class) return new FileId(null, null, null, null, null);
        if (type == Verdict.class) return Verdict.ALLOWED;
        throw new IllegalStateException("no mark for a query field of " + type);
    }

    Query project(Query q) {
        return new Query(
                q.channel(),
                q.fileChannel(),
                q.restrictFile(),
                q.denyInteractive(),
                mask.uid() == null ? null : q.uid(),
                mask.gid() == null ? null : q.gid(),
                mask.gids() == null ? null : q.gids(),
                mask.user() == null ? null : q.user(),
                mask.service() == null ? null : q.service(),
                mask.exe() == null ? null : q.exe(),
                mask.interpreter() == null ? null : q.interpreter(),
                mask.parentExe() == null ? null : q.parentExe(),
                mask.capabilities() == null ? null : q.capabilities(),
                mask.noNewPrivs() == null ? null : q.noNewPrivs(),
                mask.lsmLabel() == null ? null : q.lsmLabel(),
                mask.stdinTty() == null ? null : q.stdinTty(),
                mask.inheritedFds() == null ? null : q.inheritedFds(),
                mask.path() == null ? null : q.path(),
                mask.fileType() == null ? null : q.fileType(),
                mask.fileUid() == null ? null : q.fileUid(),
                mask.fileGid() == null ? null : q.fileGid(),
                mask.mode() == null ? null : q.mode(),
                mask.mountPoint() == null ? null : q.mountPoint(),
                mask.fstype() == null ? null : q.fstype(),
                mask.noexec() == null ? null : q.noexec(),
                mask.nosuid() == null ? null : q.nosuid(),
                mask.ro() == null ? null : q.ro(),
                mask.othersCanWrite() == null ? null : q.othersCanWrite(),
                mask.sha256() == null ? null : q.sha256(),
                mask.packageTrusted() == null ? null : q.packageTrusted(),
                mask.kernelCheck() == null ? null : q.kernelCheck(),
                mask.fileId() == null ? null : q.fileId(),
                mask.kernel() != null || baseRulesReadKernel(q) ? q.kernel() : null,
                mask.mountCheck() == null ? null : q.mountCheck(),
                mask.permCheck() == null ? null : q.permCheck(),
                null,
                null);
    }

    /**
     * The names of the fields {@link #project} keeps of {@code q}: the only facts its decision can
     * depend on (whatever their values, known or not).
     */
    Set<String> kept(Query q) {
        return baseRulesReadKernel(q) ? keptWithKernel : kept;
    }

    /**
     * The base rules (rules/base.drl) read the kernel's verdict only under the process's securebits:
     * for code from a file under {@code exec-restrict-file}, for stdin under {@code exec-deny-interactive}.
     */
    private static boolean baseRulesReadKernel(Query q) {
        return q.fileChannel() && q.restrictFile() || q.channel().equals("stdin") && q.denyInteractive();
    }
}
