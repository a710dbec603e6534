package dev.mayexec.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** User names from {@code passwd}, re-read when the file changes (useradd runs while we do). */
final class Accounts {
    private final Path passwd;
    private long seen = Long.MIN_VALUE;
    private Map<Integer, String> names = Map.of();

    Accounts(Path etc) {
        this.passwd = etc.resolve("passwd");
    }

    synchronized String user(int uid) {
        try {
            long t = Kernel.statx(Kernel.AT_FDCWD, passwd.toString(), 0).ctime();
            if (t != seen) {
                Map<Integer, String> m = new HashMap<>();
                for (String line : Files.readAllLines(passwd)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 3 && f[2].matches("[0-9]{1,9}")) m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                }
                names = m;
                seen = t;
            }
            return names.get(uid);
        } catch (IOException e) {
            return null; // no passwd: the name is unknown, not an error
        }
    }
}
