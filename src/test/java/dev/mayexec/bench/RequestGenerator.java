package dev.mayexec.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes request lines for {@code policies/example} as a caller with every fact at hand would send
 * them: a process (user, service, executable, securebits) and the file it asks about, with its
 * owner, mode, mount and version. Every request is about another version of a file (its own inode
 * and mtime), so no two requests are the same question and none is answered from another's cache
 * entry. Seeded: the same arguments always give the same lines.
 */
public final class RequestGenerator {
    private static final String[] CHANNELS = {"file", "file", "module", "module", "module", "library", "config", "stdin"};
    private static final String[][] PEOPLE = {
        {"alice", "1000"}, {"bob", "1001"}, {"carol", "1002"}, {"root", "0"}, {"www-data", "33"}};
    private static final String[] SERVICES = {null, null, null, "cron.service", "nginx.service", "sshd.service"};
    private static final String[] EXES = {"/usr/bin/python3.11", "/usr/bin/python3.11", "/usr/bin/dash", "/usr/bin/perl",
        "/usr/local/bin/python3.12"};

    private RequestGenerator() {}

    /** {@code n} requests, no two the same. */
    public static List<String> distinct(int n, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(request(random, i));
        return out;
    }

    /** {@code n} distinct requests, each asked {@code times} times: every round in another order. */
    public static List<String> repeated(int n, int times, long seed) {
        List<String> once = distinct(n, seed);
        Random random = new Random(seed + 1);
        List<String> out = new ArrayList<>(n * times);
        for (int t = 0; t < times; t++) {
            List<String> round = new ArrayList<>(once);
            Collections.shuffle(round, random);
            out.addAll(round);
        }
        return out;
    }

    private static String request(Random random, int i) {
        String[] person = PEOPLE[random.nextInt(PEOPLE.length)];
        String service = SERVICES[random.nextInt(SERVICES.length)];
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String uid = person[1];
        StringBuilder b = new StringBuilder(512).append("{\"channel\":\"").append(channel).append("\",\"process\":{\"pid\":")
                .append(1000 + random.nextInt(4_000_000)).append(",\"uid\":").append(uid).append(",\"gid\":").append(uid)
                .append(",\"groups\":[").append(uid).append(random.nextBoolean() ? ",27" : "").append("],\"user\":\"")
                .append(person[0]).append('"');
        if (service != null) b.append(",\"service\":\"").append(service).append('"');
        b.append(",\"exe\":\"").append(EXES[random.nextInt(EXES.length)]).append('"');
        if (random.nextInt(4) == 0) b.append(",\"securebits\":[\"exec-restrict-file\"]");
        b.append(",\"stdin_tty\":").append(random.nextInt(3) == 0).append("},\"file\":{\"path\":\"").append(path(random, person[0], i))
                .append("\",\"type\":\"regular\",\"mode\":\"").append(random.nextInt(5) == 0 ? "0755" : "0644")
                .append("\",\"uid\":").append(random.nextInt(3) == 0 ? uid : "0").append(",\"gid\":0,\"dev\":2049,\"ino\":")
                .append(100_000 + i).append(",\"size\":").append(200 + random.nextInt(60_000)).append(",\"mtime\":")
                .append(1_732_400_000_000_000_000L + i * 1_000_003L).append(",\"ctime\":")
                .append(1_732_400_000_000_000_000L + i * 1_000_003L);
        boolean temp = random.nextInt(10) == 0;
        b.append(",\"mount\":{\"point\":\"").append(temp ? "/tmp" : "/").append("\",\"fstype\":\"")
                .append(temp ? "tmpfs" : "ext4").append("\",\"noexec\":").append(temp && random.nextBoolean())
                .append("},\"others_can_write\":").append(random.nextInt(20) == 0).append("}}");
        return b.toString();
    }

    private static String path(Random random, String user, int i) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> "/usr/lib/python3/dist-packages/pkg" + random.nextInt(500) + "/mod" + i + ".py";
            case 2 -> "/home/" + user + "/src/project" + random.nextInt(50) + "/tool" + i + ".py";
            case 3 -> "/opt/app/lib/part" + i + ".py";
            case 4 -> "/usr/share/perl5/Module" + i + ".pm";
            default -> "/tmp/build-" + i + "/run.sh";
        };
    }
}
