package dev.mayexec.engine;

import java.util.Set;

/**
 * Clears the query fields a compiled policy does not read. The engine evaluates the projected query,
 * and the cache keys on it, so a cached answer is the uncached answer by construction: two requests
 * with the same projection are the same question to this policy.
 */
final class FactProjection {
    /** A query whose fields are set where the policy reads them: what to keep, asked once per policy, not per request. */
    private final Query mask;
    private final Set<String> reads; // only while the mask is made

    FactProjection(Set<String> reads) {
        this.reads = reads;
        this.mask = new Query("", false, false, false,
                mark("uid", 0),
                mark("gid", 0),
                mark("gids", Set.of()),
                mark("user", ""),
                mark("service", ""),
                mark("exe", ""),
                mark("interpreter", ""),
                mark("parentExe", ""),
                mark("capabilities", Set.of()),
                mark("noNewPrivs", true),
                mark("lsmLabel", ""),
                mark("stdinTty", true),
                mark("inheritedFds", 0),
                mark("path", ""),
                mark("fileType", ""),
                mark("fileUid", 0),
                mark("fileGid", 0),
                mark("mode", 0),
                mark("mountPoint", ""),
                mark("fstype", ""),
                mark("noexec", true),
                mark("nosuid", true),
                mark("ro", true),
                mark("othersCanWrite", true),
                mark("sha256", ""),
                mark("packageTrusted", true),
                mark("kernelCheck", ""),
                mark("fileId", new FileId(null, null, null, null, null)),
                mark("kernel", Verdict.ALLOWED),
                mark("mountCheck", Verdict.ALLOWED),
                mark("permCheck", Verdict.ALLOWED),
                null,
                null);
    }

    private <T> T mark(String field, T set) {
        return reads.contains(field) ? set : null;
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
     * The base rules (rules/base.drl) read the kernel's verdict only under the process's securebits:
     * for code from a file under {@code exec-restrict-file}, for stdin under {@code exec-deny-interactive}.
     */
    private static boolean baseRulesReadKernel(Query q) {
        return q.fileChannel() && q.restrictFile() || q.channel().equals("stdin") && q.denyInteractive();
    }
}
