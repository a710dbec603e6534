package dev.mayexec.server;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of logged decisions: a random prefix per daemon start and a sequence, so an id names one
 * decision across restarts and hosts, and a gap shows an entry lost after its user's rate admitted
 * it (a full queue, a failed write).
 */
final class DecisionIds {
    private final String prefix = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    private final AtomicLong next = new AtomicLong();

    String next() {
        return prefix + "-" + next.incrementAndGet();
    }
}
