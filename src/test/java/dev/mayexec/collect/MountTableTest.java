package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mayexec.facts.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
    @TempDir
    Path tmp;

    private static final String MOUNTINFO = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            30 22 0:40 / /tmp rw,nosuid,nodev,noexec master:3 - tmpfs tmpfs rw
            31 22 8:1 /srv/app /opt/app ro,nosuid,noexec - ext4 /dev/sda1 rw
            32 22 0:41 / /mnt/my\\040usb rw,noexec - vfat /dev/sdb1 rw
            not a mount line
            """;

    private MountTable table() throws IOException {
        return new MountTable(Files.writeString(tmp.resolve("mountinfo"), MOUNTINFO));
    }

    @Test
    void aMountIsFoundByItsId_withItsOwnFlags() throws IOException {
        MountTable t = table();
        assertEquals(new MountInfo("/", "ext4", false, false, false), t.byId(22).info());
        assertEquals(new MountInfo("/tmp", "tmpfs", true, true, false), t.byId(30).info());
        assertEquals(new MountInfo("/opt/app", "ext4", true, true, true), t.byId(31).info(), "a bind mount's own flags");
        assertEquals("/mnt/my usb", t.byId(32).point(), "octal escapes");
        assertNull(t.byId(99), "another namespace's mount");
    }

    @Test
    void theTableIsReadAgainWhenItChanges() throws IOException {
        MountTable t = table();
        assertNull(t.byId(40));
        Files.writeString(tmp.resolve("mountinfo"), MOUNTINFO + "40 22 0:50 / /media rw - tmpfs tmpfs rw\n");
        assertEquals("/media", t.byId(40).point());
    }

    @Test
    void translations_nameTheSameDirectoryThroughOurMounts() throws IOException {
        // another namespace bind-mounted /srv/app/evil.py (on 8:1) over /usr/lib/x.py
        MountTable.Mount theirs = new MountTable.Mount(77, "8:1", "/srv/app/evil.py", "/usr/lib/x.py", "ext4", java.util.Set.of("rw"));
        assertEquals(List.of("/srv/app/evil.py", "/opt/app/evil.py"), MountTable.translations(theirs, "/usr/lib/x.py", table().all()));
        MountTable.Mount dir = new MountTable.Mount(78, "0:40", "/", "/private/tmp", "tmpfs", java.util.Set.of("rw"));
        assertEquals(List.of("/tmp/a/b.py"), MountTable.translations(dir, "/private/tmp/a/b.py", table().all()));
        assertEquals(List.of(), MountTable.translations(dir, "/elsewhere/b.py", table().all()), "not below its mount point");
    }
}
