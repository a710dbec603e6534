package dev.mayexec.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void closest_countsASwapAsOneEdit() {
        assertEquals(Optional.of("alice"), Suggest.closest("alcie", List.of("alice", "bob")));
        assertEquals(Optional.of("path"), Suggest.closest("paht", List.of("path", "mode", "user")));
        assertEquals(Optional.of("channels"), Suggest.closest("chanels", List.of("channels", "when")));
    }

    @Test
    void closest_staysQuietWhenNothingIsClose() {
        assertEquals(Optional.empty(), Suggest.closest("xyz", List.of("alice", "bob")));
        assertEquals("expected one of: alice, bob", Suggest.help("xyz", List.of("bob", "alice")));
    }

    @Test
    void distance() {
        assertEquals(0, Suggest.distance("file", "file"));
        assertEquals(1, Suggest.distance("fiel", "file"));
        assertEquals(1, Suggest.distance("fil", "file"));
        assertEquals(3, Suggest.distance("", "abc"));
    }
}
