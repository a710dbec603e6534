package dev.mayexec.engine;

import java.util.Set;

/**
 * The one fact a decision inserts into Drools: the request, flattened and normalised, with the
 * kernel's verdicts already computed. Unknown facts are {@code null}. It is immutable and doubles as
 * the cache key once {@link FactProjection} has cleared the fields the policy does not read.
 */
public record Query(
        String channel,
        boolean fileChannel,
        boolean restrictFile,
        boolean denyInteractive,
        Integer uid,
        Integer gid,
        Set<Integer> gids,
        String user,
        String service,
        String exe,
        String interpreter,
        String parentExe,
        Set<String> capabilities,
        Boolean noNewPrivs,
        String lsmLabel,
        Boolean stdinTty,
        Integer inheritedFds,
        String path,
        String fileType,
        Integer fileUid,
        Integer fileGid,
        Integer mode,
        String mountPoint,
        String fstype,
        Boolean noexec,
        Boolean nosuid,
        Boolean ro,
        Boolean othersCanWrite,
        String sha256,
        Boolean packageTrusted,
        String kernelCheck,
        FileId fileId,
        Verdict kernel,
        Verdict mountCheck,
        Verdict permCheck) {}
