package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayexec.Decision;
import dev.mayexec.pipeline.Decider;
import dev.mayexec.TestPolicies;
import dev.mayexec.facts.Channel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import dev.mayexec.facts.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name that changes between two looks: a symlink flipped, atomically and as fast as a thread can,
 * between root's file and another user's. Every fact of one question must come from one of the two
 * files, never a mix, and no digest may ever be filed under the other file's identity.
 */
class NameRaceTest {
    private static final int OTHER_UID = 2107;

    @TempDir
    Path tmp;

    private static boolean root() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private Path[] files() throws Exception {
        if (!root()) System.err.println("\n*** NameRaceTest NOT RUN: it needs root to give a file to another user ***\n");
        Assumptions.assumeTrue(root(), "needs root (chown)");
        Path good = Files.writeString(tmp.resolve("good.py"), "print('good')\n");
        Path evil = Files.writeString(tmp.resolve("evil.py"), "print('evil, and longer')\n");
        Files.setAttribute(evil, "unix:uid", OTHER_UID);
        return new Path[] {good, evil, tmp.resolve("link.py")};
    }

    /** Flips {@code link} between {@code a} and {@code b} until {@code stop}. */
    private static Thread flipper(Path link, Path a, Path b, AtomicBoolean stop) throws Exception {
        Files.createSymbolicLink(link, a);
        Path next = link.resolveSibling("link.next");
        return Thread.ofPlatform().daemon().start(() -> {
            boolean toA = false;
            try {
                while (!stop.get()) {
                    Files.deleteIfExists(next);
                    Files.createSymbolicLink(next, toA ? a : b);
                    Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    toA = !toA;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Request about(Path p) {
        ProcessInfo self = new ProcessInfo((int) ProcessHandle.current().pid(), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        return Request.of(Channel.FILE, self, new FileInfo(p.toString(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
    }

    @Test
    void everyFactOfOneQuestion_comesFromOneFile() throws Exception {
        Path[] f = files();
        long goodIno = (Long) Files.getAttribute(f[0], "unix:ino");
        long evilIno = (Long) Files.getAttribute(f[1], "unix:ino");
        List<List<Object>> allowed = List.of(List.of(f[0].toRealPath().toString(), goodIno, 0, 14L),
                List.of(f[1].toRealPath().toString(), evilIno, OTHER_UID, 26L));
        LiveFacts live = LiveFacts.system();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = flipper(f[2], f[0], f[1], stop);
        int[] seen = new int[2];
        try {
            for (int i = 0; i < 5_000; i++) {
                FileInfo got = live.complete(about(f[2]), Set.of("sha256", "path")).file();
                List<Object> facts = List.of(got.path(), got.ino(), got.uid(), got.size());
                assertTrue(allowed.contains(facts), "question " + i + " mixed two files' facts: " + facts);
                seen[allowed.indexOf(facts)]++;
            }
        } finally {
            stop.set(true);
            t.join();
        }
        assertTrue(seen[0] > 0 && seen[1] > 0, "the flip was seen both ways: " + seen[0] + "/" + seen[1]);
    }

    @Test
    void aFlippingName_cannotFileADigestUnderTheWrongFile() throws Exception {
        Path[] f = files();
        String goodSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f[0])));
        Decider mx = Decider.load(TestPolicies.write(tmp, Map.of("policy.yaml", """
                name: pinned
                defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny, interactive: deny, environment: deny}
                rules:
                  - id: pinned-content
                    effect: allow
                    channels: [file]
                    when: {sha256: "%s"}
                """.formatted(goodSha))));
        LiveFacts live = LiveFacts.system();
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = flipper(f[2], f[0], f[1], stop);
        try {
            // each round the attacker rewrites its file: a new version, whose digest is computed afresh
            for (int round = 0; round < 40; round++) {
                Files.writeString(f[1], "print('evil, round %02d')\n".formatted(round));
                for (int i = 0; i < 100; i++) mx.decide(about(f[2]), live);
                Decision evil = mx.decide(about(f[1]), live);
                assertEquals(Decision.Outcome.DENY, evil.decision(), "round " + round
                        + ": the other user's file, asked by its own name with no race, is allowed: " + evil);
            }
        } finally {
            stop.set(true);
            t.join();
        }
        assertEquals(Decision.Outcome.ALLOW, mx.decide(about(f[0]), live).decision(), "the pinned file is still allowed");
    }
}
