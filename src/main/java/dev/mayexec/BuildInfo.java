package dev.mayexec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the project's version, the commit it was built from ({@code unknown} outside a git
 * checkout) and when (UTC), as Maven wrote them into the jar.
 */
public record BuildInfo(String version, String commit, String built) {

    private static final BuildInfo CURRENT = read();

    /** This library's build. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code 0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-01T16:00:32Z)}. */
    @Override
    public String toString() {
        return version + " (commit " + commit + ", built " + built + ")";
    }

    private static BuildInfo read() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a build that did not filter the file (an IDE's) leaves ${...}: say unknown rather than that
        return new BuildInfo(value(p, "version"), value(p, "commit"), value(p, "built"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "unknown");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
