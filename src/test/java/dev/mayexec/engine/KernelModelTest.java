package dev.mayexec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.FileType;
import dev.mayexec.facts.MountInfo;
import dev.mayexec.facts.ProcessInfo;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The permission part of the model, case by case from shared/conformance/KERNEL.md §2.3 and §9. */
class KernelModelTest {

    @ParameterizedTest(name = "{0}: caller uid {1} gid {2} caps {3}, file {4} owned {5}:{6} -> {7}")
    @CsvSource(delimiter = '|', textBlock = """
            owner class only, even with g/o x | 1000 | 1000 | -            | 0011 | 1000 | 1000 | deny
            group member without group x      | 1000 | 50   | -            | 0705 | 0    | 50   | deny
            other x for a stranger            | 1000 | 1000 | -            | 0001 | 0    | 0    | allow
            owner x                           | 1000 | 1000 | -            | 0700 | 1000 | 1000 | allow
            root with caps needs some x       | 0    | 0    | all          | 0600 | 1000 | 1000 | deny
            root with caps, no mode bits      | 0    | 0    | all          | 0000 | 1000 | 1000 | deny
            root with caps, other x only      | 0    | 0    | all          | 0001 | 1000 | 1000 | allow
            root with caps, group x only      | 0    | 0    | all          | 0010 | 1000 | 1000 | allow
            root with caps, owner x of other  | 0    | 0    | all          | 0100 | 1000 | 1000 | allow
            uid 0 without caps, own 0100      | 0    | 0    | none         | 0100 | 0    | 0    | allow
            uid 0 without caps, other's 0100  | 0    | 0    | none         | 0100 | 1000 | 1000 | deny
            dac_override listed explicitly    | 1000 | 1000 | dac_override | 0600 | 0    | 0    | deny
            dac_override with an x bit        | 1000 | 1000 | dac_override | 0610 | 0    | 0    | allow
            setuid bit changes nothing        | 1000 | 1000 | -            | 4755 | 0    | 0    | allow
            setuid without x for others       | 1000 | 1000 | -            | 4750 | 0    | 0    | deny
            """)
    void permission(String name, int uid, int gid, String caps, String mode, int fileUid, int fileGid, String want) {
        Set<String> capabilities = switch (caps) {
            case "all", "-" -> null;
            case "none" -> Set.of();
            default -> Set.of(caps);
        };
        ProcessInfo p = new ProcessInfo(null, uid, gid, List.of(), null, null, null, null, null, null, capabilities,
                null, null, null);
        FileInfo f = regular(Integer.parseInt(mode, 8), fileUid, fileGid, false);
        assertEquals(want, KernelModel.check(p, f).kernel().state(), name);
    }

    @Test
    void supplementaryGroups_count() {
        ProcessInfo p = new ProcessInfo(null, 1000, 1000, List.of(27), null, null, null, null, null, null, null, null, null, null);
        assertEquals("allow", KernelModel.check(p, regular(0750, 0, 27, false)).kernel().state());
    }

    @Test
    void noexecMount_isCheckedBeforePermission() {
        ProcessInfo p = new ProcessInfo(null, 1000, 1000, List.of(), null, null, null, null, null, null, null, null, null, null);
        Verdict v = KernelModel.check(p, regular(0644, 1000, 1000, true)).kernel();
        assertEquals("kernel.noexec-mount", v.code());
        assertEquals("kernel.no-exec-permission", KernelModel.check(p, regular(0644, 1000, 1000, false)).kernel().code());
    }

    @Test
    void parts_areSeparate_forPolicyDemands() {
        ProcessInfo p = new ProcessInfo(null, 1000, 1000, List.of(), null, null, null, null, null, null, null, null, null, null);
        KernelModel.Verdicts v = KernelModel.check(p, regular(0755, 1000, 1000, true));
        assertEquals("deny", v.mount().state());
        assertEquals("allow", v.permission().state());
        assertEquals("deny", v.kernel().state());
    }

    @Test
    void givenVerdict_winsOverTheModel_butNotOverTheParts() {
        ProcessInfo p = new ProcessInfo(null, 1000, 1000, List.of(), null, null, null, null, null, null, null, null, null, null);
        FileInfo f = new FileInfo("/x", FileType.REGULAR, 0755, 1000, 1000, null, null, null, null, null,
                new MountInfo("/", "ext4", false, false, false), null, null, null, null, "ETXTBSY");
        KernelModel.Verdicts v = KernelModel.check(p, f);
        assertEquals("kernel.check-failed", v.kernel().code());
        assertEquals("allow", v.permission().state());
    }

    @Test
    void missingFacts_areAllNamed() {
        ProcessInfo p = new ProcessInfo(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        FileInfo f = new FileInfo("/x", FileType.REGULAR, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        Verdict v = KernelModel.check(p, f).kernel();
        assertEquals("unknown", v.state());
        assertEquals(List.of("file.mount.noexec", "file.mode", "process.uid", "file.uid"), v.missing());
    }

    @Test
    void nonRegularFiles_failWhateverTheMode() {
        ProcessInfo p = new ProcessInfo(null, 0, 0, List.of(), null, null, null, null, null, null, null, null, null, null);
        for (FileType t : List.of(FileType.DIRECTORY, FileType.FIFO, FileType.SOCKET, FileType.CHAR, FileType.BLOCK,
                FileType.SYMLINK)) {
            FileInfo f = new FileInfo("/x", t, 0777, 0, 0, null, null, null, null, null,
                    new MountInfo("/", "ext4", false, false, false), null, null, null, null, null);
            assertEquals("kernel.not-regular-file", KernelModel.check(p, f).kernel().code(), t.id());
        }
    }

    private static FileInfo regular(int mode, int uid, int gid, boolean noexec) {
        return new FileInfo("/x", FileType.REGULAR, mode, uid, gid, null, null, null, null, null,
                new MountInfo("/", "ext4", noexec, false, false), null, null, null, null, null);
    }
}
