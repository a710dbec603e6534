package dev.mayexec.engine;

import java.util.Set;

/**
 * The fact a decision inserts into Drools: the request, flattened and normalised, with the kernel's
 * verdicts already computed. Unknown facts are {@code null}. It is immutable and doubles as the cache
 * key once {@link FactProjection} has cleared the fields the policy does not read.
 *
 * <p>{@code anchorField} and {@code anchor} are {@code null} in the query itself. Beside it, the
 * engine inserts one copy per directory above a path at which a rule is anchored (a prefix, or a
 * glob's literal directory), with the anchor set ({@code anchorField == "path", anchor == "/opt"}): rules on {@code under:} test that
 * equality first, which Drools hashes, so a thousand prefixes cost what one does.
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
        Verdict permCheck,
        String anchorField,
        String anchor) {

    /** This query anchored at {@code dir}, a directory above the value of {@code field}. */
    public Query at(String field, String dir) {
        return new Query(channel, fileChannel, restrictFile, denyInteractive, uid, gid, gids, user, service, exe,
                interpreter, parentExe, capabilities, noNewPrivs, lsmLabel, stdinTty, inheritedFds, path, fileType,
                fileUid, fileGid, mode, mountPoint, fstype, noexec, nosuid, ro, othersCanWrite, sha256, packageTrusted,
                kernelCheck, fileId, kernel, mountCheck, permCheck, field, dir);
    }
    // Written out: the generated record methods do not inline at this many components, and these
    // records are hashed on every decision (cache keys).
    @Override
    public int hashCode() {
        int h = 1;
        h = 31 * h + java.util.Objects.hashCode(channel);
        h = 31 * h + Boolean.hashCode(fileChannel);
        h = 31 * h + Boolean.hashCode(restrictFile);
        h = 31 * h + Boolean.hashCode(denyInteractive);
        h = 31 * h + java.util.Objects.hashCode(uid);
        h = 31 * h + java.util.Objects.hashCode(gid);
        h = 31 * h + java.util.Objects.hashCode(gids);
        h = 31 * h + java.util.Objects.hashCode(user);
        h = 31 * h + java.util.Objects.hashCode(service);
        h = 31 * h + java.util.Objects.hashCode(exe);
        h = 31 * h + java.util.Objects.hashCode(interpreter);
        h = 31 * h + java.util.Objects.hashCode(parentExe);
        h = 31 * h + java.util.Objects.hashCode(capabilities);
        h = 31 * h + java.util.Objects.hashCode(noNewPrivs);
        h = 31 * h + java.util.Objects.hashCode(lsmLabel);
        h = 31 * h + java.util.Objects.hashCode(stdinTty);
        h = 31 * h + java.util.Objects.hashCode(inheritedFds);
        h = 31 * h + java.util.Objects.hashCode(path);
        h = 31 * h + java.util.Objects.hashCode(fileType);
        h = 31 * h + java.util.Objects.hashCode(fileUid);
        h = 31 * h + java.util.Objects.hashCode(fileGid);
        h = 31 * h + java.util.Objects.hashCode(mode);
        h = 31 * h + java.util.Objects.hashCode(mountPoint);
        h = 31 * h + java.util.Objects.hashCode(fstype);
        h = 31 * h + java.util.Objects.hashCode(noexec);
        h = 31 * h + java.util.Objects.hashCode(nosuid);
        h = 31 * h + java.util.Objects.hashCode(ro);
        h = 31 * h + java.util.Objects.hashCode(othersCanWrite);
        h = 31 * h + java.util.Objects.hashCode(sha256);
        h = 31 * h + java.util.Objects.hashCode(packageTrusted);
        h = 31 * h + java.util.Objects.hashCode(kernelCheck);
        h = 31 * h + java.util.Objects.hashCode(fileId);
        h = 31 * h + java.util.Objects.hashCode(kernel);
        h = 31 * h + java.util.Objects.hashCode(mountCheck);
        h = 31 * h + java.util.Objects.hashCode(permCheck);
        h = 31 * h + java.util.Objects.hashCode(anchorField);
        h = 31 * h + java.util.Objects.hashCode(anchor);
        return h;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof Query o)) return false;
        return java.util.Objects.equals(channel, o.channel)
                && fileChannel == o.fileChannel
                && restrictFile == o.restrictFile
                && denyInteractive == o.denyInteractive
                && java.util.Objects.equals(uid, o.uid)
                && java.util.Objects.equals(gid, o.gid)
                && java.util.Objects.equals(gids, o.gids)
                && java.util.Objects.equals(user, o.user)
                && java.util.Objects.equals(service, o.service)
                && java.util.Objects.equals(exe, o.exe)
                && java.util.Objects.equals(interpreter, o.interpreter)
                && java.util.Objects.equals(parentExe, o.parentExe)
                && java.util.Objects.equals(capabilities, o.capabilities)
                && java.util.Objects.equals(noNewPrivs, o.noNewPrivs)
                && java.util.Objects.equals(lsmLabel, o.lsmLabel)
                && java.util.Objects.equals(stdinTty, o.stdinTty)
                && java.util.Objects.equals(inheritedFds, o.inheritedFds)
                && java.util.Objects.equals(path, o.path)
                && java.util.Objects.equals(fileType, o.fileType)
                && java.util.Objects.equals(fileUid, o.fileUid)
                && java.util.Objects.equals(fileGid, o.fileGid)
                && java.util.Objects.equals(mode, o.mode)
                && java.util.Objects.equals(mountPoint, o.mountPoint)
                && java.util.Objects.equals(fstype, o.fstype)
                && java.util.Objects.equals(noexec, o.noexec)
                && java.util.Objects.equals(nosuid, o.nosuid)
                && java.util.Objects.equals(ro, o.ro)
                && java.util.Objects.equals(othersCanWrite, o.othersCanWrite)
                && java.util.Objects.equals(sha256, o.sha256)
                && java.util.Objects.equals(packageTrusted, o.packageTrusted)
                && java.util.Objects.equals(kernelCheck, o.kernelCheck)
                && java.util.Objects.equals(fileId, o.fileId)
                && java.util.Objects.equals(kernel, o.kernel)
                && java.util.Objects.equals(mountCheck, o.mountCheck)
                && java.util.Objects.equals(permCheck, o.permCheck)
                && java.util.Objects.equals(anchorField, o.anchorField)
                && java.util.Objects.equals(anchor, o.anchor);
    }
}
