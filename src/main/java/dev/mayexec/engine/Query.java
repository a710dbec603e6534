package dev.mayexec.engine;

import java.util.Set;

/**
 * The fact a decision inserts into Drools: the request, flattened and normalised, with the kernel's
 * verdicts already computed. Unknown facts are {@code null}. It is immutable, and once
 * {@link FactProjection} has cleared the fields the policy does not read, its {@link #packed} form is
 * the cache key.
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

    /** The fields every decision reads, whatever the policy: the channel and the securebits' obligations. */
    public static final java.util.List<String> ALWAYS_READ = java.util.List.of("channel", "fileChannel", "restrictFile",
            "denyInteractive");

    /** This query anchored at {@code dir}, a directory above the value of {@code field}. */
    public Query at(String field, String dir) {
        return new Query(channel, fileChannel, restrictFile, denyInteractive, uid, gid, gids, user, service, exe,
                interpreter, parentExe, capabilities, noNewPrivs, lsmLabel, stdinTty, inheritedFds, path, fileType,
                fileUid, fileGid, mode, mountPoint, fstype, noexec, nosuid, ro, othersCanWrite, sha256, packageTrusted,
                kernelCheck, fileId, kernel, mountCheck, permCheck, field, dir);
    }

    // Written out: the generated record method does not inline at this many components, and the
    // cache hashes the query of every request.
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

    /**
     * The query as bytes: equal queries give equal bytes, and unequal ones unequal bytes. The cache
     * keys on these (about 130 bytes for a request about a file) rather than on the query's objects.
     */
    public byte[] packed() {
        return new Packer().string(channel).flag(fileChannel).flag(restrictFile).flag(denyInteractive).number(uid)
                .number(gid).set(gids, Packer::member).string(user).string(service).string(exe).string(interpreter)
                .string(parentExe).set(capabilities, Packer::member).bool(noNewPrivs).string(lsmLabel).bool(stdinTty)
                .number(inheritedFds).string(path).string(fileType).number(fileUid).number(fileGid).number(mode)
                .string(mountPoint).string(fstype).bool(noexec).bool(nosuid).bool(ro).bool(othersCanWrite)
                .string(sha256).bool(packageTrusted).string(kernelCheck).fileId(fileId).verdict(kernel)
                .verdict(mountCheck).verdict(permCheck).string(anchorField).string(anchor).bytes();
    }
}
