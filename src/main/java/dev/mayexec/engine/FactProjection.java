package dev.mayexec.engine;

import java.util.Set;

/**
 * Clears the query fields a compiled policy does not read. The engine evaluates the projected query,
 * and the cache keys on it, so a cached answer is the uncached answer by construction: two requests
 * with the same projection are the same question to this policy.
 */
final class FactProjection {
    private final Set<String> reads;

    FactProjection(Set<String> reads) {
        this.reads = Set.copyOf(reads);
    }

    Query project(Query q) {
        return new Query(
                q.channel(),
                q.fileChannel(),
                q.restrictFile(),
                q.denyInteractive(),
                keep("uid", q.uid()),
                keep("gid", q.gid()),
                keep("gids", q.gids()),
                keep("user", q.user()),
                keep("service", q.service()),
                keep("exe", q.exe()),
                keep("interpreter", q.interpreter()),
                keep("parentExe", q.parentExe()),
                keep("capabilities", q.capabilities()),
                keep("noNewPrivs", q.noNewPrivs()),
                keep("lsmLabel", q.lsmLabel()),
                keep("stdinTty", q.stdinTty()),
                keep("inheritedFds", q.inheritedFds()),
                keep("path", q.path()),
                keep("fileType", q.fileType()),
                keep("fileUid", q.fileUid()),
                keep("fileGid", q.fileGid()),
                keep("mode", q.mode()),
                keep("mountPoint", q.mountPoint()),
                keep("fstype", q.fstype()),
                keep("noexec", q.noexec()),
                keep("nosuid", q.nosuid()),
                keep("ro", q.ro()),
                keep("othersCanWrite", q.othersCanWrite()),
                keep("sha256", q.sha256()),
                keep("packageTrusted", q.packageTrusted()),
                keep("kernelCheck", q.kernelCheck()),
                keep("fileId", q.fileId()),
                keep("kernel", q.kernel()) != null || baseRulesReadKernel(q) ? q.kernel() : null,
                keep("mountCheck", q.mountCheck()),
                keep("permCheck", q.permCheck()),
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

    private <T> T keep(String field, T value) {
        return reads.contains(field) ? value : null;
    }
}
