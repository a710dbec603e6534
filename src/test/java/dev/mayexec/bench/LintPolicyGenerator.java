package dev.mayexec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a realistic fleet policy of about {@code n} rules for the linter: system code from a named
 * set, cross-cutting denies (leaked descriptors, world-writable files, a few shared directories),
 * audit rules that log uses of legacy trees, and per service and per user files that allow their
 * own trees, carve uploads and downloads out with denies and {@code unless}, and let a few services
 * run {@code sh -c}. Its findings are what a fleet's policy has: overlaps of the cross-cutting denies
 * with every allow, and a few planted defects (a dead allow, a redundant rule) every 50 rules.
 * Seeded, so the same {@code n} always gives the same policy.
 *
 * <p>{@code PolicyGenerator} writes policies for the engine; this one has what the linter must compare.
 */
public final class LintPolicyGenerator {
    private static final String[] INTERPRETERS = {"python3", "perl", "ruby", "node"};

    private LintPolicyGenerator() {}

    public static Path write(Path dir, int n) throws IOException {
        Random random = new Random(n);
        Files.createDirectories(dir.resolve("users"));
        Files.createDirectories(dir.resolve("services"));
        StringBuilder policy = new StringBuilder("""
                name: fleet
                kernel: {check: mount}
                defaults: {file: deny, module: deny, library: deny, config: deny, stdin: deny, inline: deny,
                           interactive: deny, environment: deny}
                sets:
                  system-dirs:
                    type: paths
                    values: [{under: /usr/bin}, {under: /usr/lib}, {under: /usr/share}, {under: /etc}]
                rules:
                  - id: system-code
                    effect: allow
                    channels: [file, module, library, config]
                    when: {path: {set: system-dirs}, file-uid: 0, others-can-write: false}
                  - id: no-leaked-descriptors
                    effect: deny
                    channels: all
                    when: {inherited-fds: {min: 1}}
                  - id: no-world-writable
                    effect: deny
                    channels: [file, module, library, config]
                    when: {mode: {any: "0002"}}
                """);
        int rules = 3;
        for (int i = 0; rules < n / 20; i++, rules += 2) {
            policy.append("  - id: shared-").append(i).append("\n    effect: deny\n    channels: [file, module]\n")
                    .append("    when: {path: {under: /srv/shared/d").append(i).append("}}\n");
            policy.append("  - id: legacy-").append(i).append("\n    effect: audit\n    channels: [file]\n")
                    .append("    when: {path: {under: /opt/legacy").append(i).append("}}\n");
        }
        Files.writeString(dir.resolve("policy.yaml"), policy);
        for (int k = 0; rules < n; k++) {
            rules += service(dir, k, random);
            if (rules < n) rules += user(dir, k, random);
        }
        return dir;
    }

    private static int service(Path dir, int k, Random random) throws IOException {
        String in = INTERPRETERS[random.nextInt(INTERPRETERS.length)];
        String app = "/opt/svc" + k;
        StringBuilder s = new StringBuilder("service: svc" + k + ".service\nrules:\n");
        s.append(rule("s" + k + "-app", "allow", "[file, module]", "path: {under: " + app + "}, file-uid: 0, "
                + "others-can-write: false, interpreter: " + in));
        s.append("    unless:\n      - path: {under: ").append(app).append("/cache}\n");
        s.append(rule("s" + k + "-uploads", "deny", "all", "path: {under: " + app + "/uploads}"));
        s.append(rule("s" + k + "-libs", "allow", "[library]", "path: {under: " + app + "/lib}, file-uid: 0, "
                + "others-can-write: false"));
        s.append(rule("s" + k + "-legacy", "allow", "[file]", "path: {under: /opt/legacy" + (k % 5) + "}, "
                + "others-can-write: false"));
        int count = 4;
        if (k % 3 == 0) {
            s.append(rule("s" + k + "-sh", "allow", "[inline]", "interpreter: " + in + ", uid: {min: 100, max: 999}"));
            count++;
        }
        if (k % 50 == 7) { // planted: a redundant copy and a dead allow
            s.append(rule("s" + k + "-app-again", "allow", "[file]", "path: {under: " + app + "/bin}, file-uid: 0, "
                    + "others-can-write: false, interpreter: " + in));
            s.append(rule("s" + k + "-uploads-tool", "allow", "[file]", "path: " + app + "/uploads/tool.py, "
                    + "others-can-write: false"));
            count += 2;
        }
        Files.writeString(dir.resolve("services").resolve("svc" + k + ".yaml"), s);
        return count;
    }

    private static int user(Path dir, int k, Random random) throws IOException {
        int uid = 1000 + k;
        String home = "/home/user" + k;
        StringBuilder u = new StringBuilder("user: user" + k + "\nrules:\n");
        u.append(rule("u" + k + "-bin", "allow", "[file]", "path: {under: " + home + "/bin}, file-uid: " + uid
                + ", others-can-write: false"));
        u.append(rule("u" + k + "-py", "allow", "[module]", "path: {glob: " + home + "/lib/python3.*/**/*.py}, "
                + "file-uid: " + uid + ", others-can-write: false, interpreter: python3"));
        u.append(rule("u" + k + "-downloads", random.nextInt(4) == 0 ? "audit" : "deny", "[file, module]",
                "path: {under: " + home + "/Downloads}"));
        u.append(rule("u" + k + "-repl", "allow", "[interactive]", "stdin-tty: true"));
        Files.writeString(dir.resolve("users").resolve("user" + k + ".yaml"), u);
        return 4;
    }

    private static String rule(String id, String effect, String channels, String when) {
        return "  - id: " + id + "\n    effect: " + effect + "\n    channels: " + channels + "\n    when: {" + when + "}\n";
    }
}
