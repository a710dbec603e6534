package dev.mayexec.server;

import org.junit.jupiter.api.Assumptions;

/** Tests that act as other users or mount filesystems: skipped, loudly, when not run as root. */
final class RootOnly {
    private RootOnly() {}

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** Skips the test unless root (and {@code also}), saying so on stderr where a skip is easy to miss. */
    static void assume(boolean also, String test, String needs) {
        boolean ok = isRoot() && also;
        if (!ok) System.err.println("\n*** " + test + " NOT RUN: it needs root and " + needs + " ***\n");
        Assumptions.assumeTrue(ok, "needs root and " + needs);
    }
}
