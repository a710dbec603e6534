package dev.mayexec.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayexec.facts.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            33 30 0:42 / /tmp/stacked rw - tmpfs tmpfs rw
            34 30 0:43 / /tmp/stacked rw,noexec - tmpfs tmpfs rw
            """;

    private MountInfo lookup(String path) throws IOException {
        Path f = Files.writeString(tmp.resolve("mountinfo"), MOUNTINFO);
        return new MountTable(f).lookup(path);
    }

    @Test
    void longestMountPointWins() throws IOException {
        assertEquals(new MountInfo("/", "ext4", false, false, false), lookup("/usr/bin/python3"));
        assertEquals(new MountInfo("/tmp", "tmpfs", true, true, false), lookup("/tmp/x.py"));
        assertEquals("/", lookup("/tmpfoo/x").point(), "a prefix of the name is not a parent directory");
    }

    @Test
    void bindMountFlagsAreTheMountsOwn() throws IOException {
        assertEquals(new MountInfo("/opt/app", "ext4", true, true, true), lookup("/opt/app/run.py"));
    }

    @Test
    void escapedMountPoints() throws IOException {
        assertEquals("/mnt/my usb", lookup("/mnt/my usb/x.sh").point());
    }

    @Test
    void theLastOfStackedMountsIsTheVisibleOne() throws IOException {
        assertEquals(true, lookup("/tmp/stacked/x").noexec());
    }
}
