package dev.mayexec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a realistic policy of about {@code n} rules: users with their home trees, services with
 * their own directories, interpreter profiles, and global deny rules on shared paths. Seeded, so the
 * same {@code n} always gives the same policy.
 */
public final class PolicyGenerator {
    private static final String[] CHANNELS = {"file", "module", "library", "config", "stdin", "inline", "interactive",
        "environment"};

    private PolicyGenerator() {}

    public static Path write(Path dir, int n) throws IOException {
        Random random = new Random(n);
        Files.createDirectories(dir.resolve("users"));
        Files.createDirectories(dir.resolve("services"));
        Files.createDirectories(dir.resolve("interpreters"));
        StringBuilder policy = new StringBuilder("""
                name: generated
                kernel: {check: mount}
                defaults: {file: deny, module: deny, library: allow, config: deny, stdin: deny, inline: deny,
                           interactive: allow, environment: deny}
                rules:
                """);
        int rules = 0;
        for (int i = 0; rules < n / 10; i++, rules++) {
            policy.append("  - id: global-").append(i).append("\n    effect: deny\n    channels: [file, module]\n")
                    .append("    when: {path: {under: /srv/shared/d").append(i).append("}}\n");
        }
        Files.writeString(dir.resolve("policy.yaml"), policy);
        String[] interpreters = {"python3", "perl", "ruby", "node"};
        for (String in : interpreters) {
            Files.writeString(dir.resolve("interpreters").resolve(in + ".yaml"),
                    "interpreter: " + in + "\nexecutables: [/usr/bin/" + in + "*]\n");
        }
        int user = 0;
        while (rules < n) {
            StringBuilder u = new StringBuilder("user: user" + user + "\nrules:\n");
            for (int r = 0; r < 8 && rules < n; r++, rules++) {
                String channel = CHANNELS[random.nextInt(4)];
                u.append("  - id: u").append(user).append("-r").append(r).append('\n')
                        .append("    effect: ").append(random.nextInt(5) == 0 ? "deny" : "allow").append('\n')
                        .append("    channels: [").append(channel).append("]\n")
                        .append("    when:\n")
                        .append("      interpreter: ").append(interpreters[random.nextInt(interpreters.length)]).append('\n');
                switch (r % 4) {
                    case 0 -> u.append("      path: /home/user").append(user).append("/p").append(r).append("/main.py\n");
                    case 1 -> u.append("      path: {glob: /home/user").append(user).append("/p").append(r).append("/*.py}\n");
                    default -> u.append("      path: {under: /home/user").append(user).append("/p").append(r).append("}\n");
                }
                if (r % 5 == 0) u.append("      others-can-write: false\n");
                if (r % 3 == 0) {
                    u.append("    unless:\n      - path: {under: /home/user").append(user).append("/p").append(r).append("/tmp}\n");
                }
            }
            Files.writeString(dir.resolve("users").resolve("user" + user + ".yaml"), u);
            if (rules < n) {
                Files.writeString(dir.resolve("services").resolve("svc" + user + ".yaml"),
                        "service: svc" + user + ".service\nrules:\n  - id: s" + user + "\n    effect: allow\n"
                                + "    channels: [inline]\n    when: {interpreter: python3}\n");
                rules++;
            }
            user++;
        }
        return dir;
    }
}
