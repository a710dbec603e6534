package dev.mayexec.lint;

import dev.mayexec.diag.Severity;
import dev.mayexec.diag.Suggest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to lint: severity overrides per check ({@code dead-allow=off}), and the root of the host
 * whose users, groups, services, executables and file permissions the host-aware checks read
 * ({@code null}: none; the linting machine need not be the target).
 */
public record LintOptions(Map<String, Optional<Severity>> overrides, Path host) {

    public static final LintOptions DEFAULT = new LintOptions(Map.of(), null);

    public LintOptions {
        overrides = Map.copyOf(overrides);
    }

    /**
     * Parses {@code --rule} values such as {@code dead-allow=off} or {@code overlap=warning}.
     *
     * @throws IllegalArgumentException naming the bad value and the fix
     */
    public static Map<String, Optional<Severity>> parseRules(List<String> specs, List<LintCheck> checks) {
        List<String> ids = checks.stream().map(LintCheck::id).toList();
        Map<String, Optional<Severity>> out = new LinkedHashMap<>();
        List<String> levels = List.of("off", "info", "warning", "error");
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("`--rule " + spec + "` needs a level: write `" + spec + "=off`, `=info`, "
                        + "`=warning` or `=error`");
            }
            String id = spec.substring(0, eq).replaceFirst("^mx\\.lint\\.", "");
            String level = spec.substring(eq + 1).toLowerCase(Locale.ROOT);
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("unknown lint check `" + id + "`; " + Suggest.help(id, ids));
            }
            if (!levels.contains(level)) {
                throw new IllegalArgumentException("unknown level `" + level + "` for check `" + id + "`; "
                        + Suggest.help(level, levels));
            }
            out.put(id, level.equals("off") ? Optional.empty()
                    : Optional.of(Severity.valueOf(level.toUpperCase(Locale.ROOT))));
        }
        return out;
    }

    /** The severity a check's findings get, or empty when the check is off. */
    public Optional<Severity> severity(LintCheck check) {
        return overrides.getOrDefault(check.id(), Optional.of(check.severity()));
    }

    public LintOptions withHost(Path root) {
        return new LintOptions(overrides, root);
    }
}
