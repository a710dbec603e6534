package dev.mayexec.server;

import java.util.HashMap;
import java.util.Map;

/**
 * Who may hold a connection. Ordinary slots are shared, at most {@code perUid} to one user (root
 * excepted), so one user cannot take them all; beyond them root has slots of its own, and a few more
 * take control lines only ({@code status}, {@code reload}), one per user, so an operator can always
 * see and reload a daemon that is full.
 */
final class ClientSlots {
    /** What a connection was given. */
    enum Kind { ORDINARY, ROOT, CONTROL }

    private final DecisionServer.Limits limits;
    private final Map<Integer, Integer> ordinaryByUid = new HashMap<>();
    private final Map<Integer, Integer> controlByUid = new HashMap<>();
    private int ordinary;
    private int root;
    private int control;

    ClientSlots(DecisionServer.Limits limits) {
        this.limits = limits;
    }

    /** Takes a slot for a connection of {@code uid}; null when it must be turned away. */
    synchronized Kind acquire(int uid) {
        if (ordinary < limits.maxClients() && (uid == 0 || ordinaryByUid.getOrDefault(uid, 0) < limits.perUid())) {
            ordinary++;
            ordinaryByUid.merge(uid, 1, Integer::sum);
            return Kind.ORDINARY;
        }
        if (uid == 0 && root < limits.rootReserve()) {
            root++;
            return Kind.ROOT;
        }
        if (control < limits.controlReserve() && (uid == 0 || !controlByUid.containsKey(uid))) {
            control++;
            controlByUid.merge(uid, 1, Integer::sum);
            return Kind.CONTROL;
        }
        return null;
    }

    synchronized void release(int uid, Kind kind) {
        switch (kind) {
            case ORDINARY -> {
                ordinary--;
                ordinaryByUid.computeIfPresent(uid, (k, n) -> n == 1 ? null : n - 1);
            }
            case ROOT -> root--;
            case CONTROL -> {
                control--;
                controlByUid.computeIfPresent(uid, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }
}
