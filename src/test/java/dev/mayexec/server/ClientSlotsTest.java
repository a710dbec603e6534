package dev.mayexec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mayexec.server.ClientSlots.Kind;
import org.junit.jupiter.api.Test;

/** Who gets a slot: a user's share, root's reserve, one control slot per user, and slots given back. */
class ClientSlotsTest {
    @Test
    void aUserGetsItsShare_thenOneControlSlot_thenNothing() {
        ClientSlots slots = new ClientSlots(new DecisionServer.Limits(4, 2, 1, 2));
        assertEquals(Kind.ORDINARY, slots.acquire(1000));
        assertEquals(Kind.ORDINARY, slots.acquire(1000));
        assertEquals(Kind.CONTROL, slots.acquire(1000));
        assertNull(slots.acquire(1000), "one control slot per user");
        assertEquals(Kind.ORDINARY, slots.acquire(1001), "another user still has its share");
        slots.release(1000, Kind.ORDINARY);
        assertEquals(Kind.ORDINARY, slots.acquire(1000), "a slot given back can be taken again");
        assertNull(slots.acquire(1000), "and its share is full again");
    }

    @Test
    void rootHasNoShare_andAReserveBeyondTheOrdinarySlots() {
        ClientSlots slots = new ClientSlots(new DecisionServer.Limits(2, 1, 1, 1));
        assertEquals(Kind.ORDINARY, slots.acquire(0));
        assertEquals(Kind.ORDINARY, slots.acquire(0), "root is not held to a user's share");
        assertEquals(Kind.ROOT, slots.acquire(0));
        assertEquals(Kind.CONTROL, slots.acquire(1000), "the ordinary slots and root's reserve are full");
        assertNull(slots.acquire(0), "every reserve is taken");
        slots.release(0, Kind.ROOT);
        assertEquals(Kind.ROOT, slots.acquire(0));
        assertNull(slots.acquire(1001));
    }
}
