package dev.mayexec.fapolicyd;

import dev.mayexec.MayExec;
import dev.mayexec.diag.PolicyException;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import dev.mayexec.fapolicyd.FaRule.Perm;
import dev.mayexec.fapolicyd.Outcome.Status;
import dev.mayexec.fapolicyd.PolicyBuilder.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Rules imported into a loaded mayexec policy, and the projection of a fapolicyd event onto the
 * mayexec request it becomes: {@code execute} is the {@code file} channel, {@code open} one of
 * {@code module}, {@code library}, {@code config}; the subject's uid, groups and exe, the object's
 * path and hash.
 */
record Imported(List<FaRule> rules, List<Entry> entries, MayExec mayexec, String policy) {

    static Imported of(List<FaRule> rules, FaVersion version, TrustList trust, Path dir) {
        FapolicydImport.Imported imported = FapolicydImport.translate(rules, version, trust);
        String policy = imported.builder().policy("test", trust);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("policy.yaml"), policy, StandardCharsets.UTF_8);
            return new Imported(rules, imported.builder().entries(), MayExec.load(dir, 0), policy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PolicyException e) {
            throw new AssertionError("the imported policy does not load: " + e.diagnostics() + "\n" + policy, e);
        }
    }

    /** Whether every rule up to {@code rule} (every rule, for 0) was carried over exactly. */
    boolean exactThrough(int rule) {
        int last = rule == 0 ? entries.size() : rule;
        return entries.subList(0, last).stream().allMatch(e -> e.status() == Status.EXACT);
    }

    boolean allows(Event e, Channel openChannel) {
        return !mayexec.decide(request(e, openChannel)).denied();
    }

    static Request request(Event e, Channel openChannel) {
        Channel channel = e.perm() == Perm.EXECUTE ? Channel.FILE : openChannel;
        List<Integer> groups = e.gids() == null ? null : List.copyOf(new TreeSet<>(e.gids()));
        ProcessInfo p = new ProcessInfo(null, e.uid(), groups == null ? null : groups.getFirst(), groups, null, null,
                e.exe(), null, null, null, null, null, null, null);
        FileInfo f = new FileInfo(e.path(), null, null, null, null, null, null, null, null, null, null, null, e.sha256(),
                e.objectTrusted(), null, null);
        return Request.of(channel, p, f);
    }
}
