package dev.mayexec.policy;

import dev.mayexec.facts.FileType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The attributes a condition can test: the subject's (the process) and the object's (the file).
 * Each names the field of the engine's query fact that holds it.
 */
public enum Attribute {
    UID("uid", ValueType.INT, "uid", SetType.IDS, "process.uid"),
    GID("gid", ValueType.INT, "gid", SetType.IDS, "process.gid"),
    GROUP("group", ValueType.INT_MEMBER, "gids", SetType.IDS, "process.gid and process.groups"),
    USER("user", ValueType.STRING, "user", SetType.USERS, "process.user"),
    SERVICE("service", ValueType.STRING, "service", SetType.SERVICES, "process.service"),
    EXE("exe", ValueType.PATH, "exe", SetType.PATHS, "process.exe"),
    INTERPRETER("interpreter", ValueType.STRING, "interpreter", SetType.INTERPRETERS,
            "the interpreter profile that process.exe matches"),
    PARENT_EXE("parent-exe", ValueType.PATH, "parentExe", SetType.PATHS, "process.parent_exe"),
    CAPABILITY("capability", ValueType.STRING_MEMBER, "capabilities", SetType.STRINGS, "process.capabilities"),
    NO_NEW_PRIVS("no-new-privs", ValueType.BOOL, "noNewPrivs", null, "process.no_new_privs"),
    LSM_LABEL("lsm-label", ValueType.STRING, "lsmLabel", SetType.STRINGS, "process.lsm_label"),
    STDIN_TTY("stdin-tty", ValueType.BOOL, "stdinTty", null, "process.stdin_tty"),
    INHERITED_FDS("inherited-fds", ValueType.INT, "inheritedFds", null,
            "how many descriptors process.inherited_fds lists"),
    PATH("path", ValueType.PATH, "path", SetType.PATHS, "file.path"),
    FILE_TYPE("file-type", ValueType.ENUM, "fileType", null, "file.type"),
    FILE_UID("file-uid", ValueType.INT, "fileUid", SetType.IDS, "file.uid"),
    FILE_GID("file-gid", ValueType.INT, "fileGid", SetType.IDS, "file.gid"),
    MODE("mode", ValueType.MODE, "mode", null, "file.mode"),
    MOUNT("mount", ValueType.PATH, "mountPoint", SetType.PATHS, "file.mount.point"),
    FSTYPE("fstype", ValueType.STRING, "fstype", SetType.STRINGS, "file.mount.fstype"),
    NOEXEC("noexec", ValueType.BOOL, "noexec", null, "file.mount.noexec"),
    NOSUID("nosuid", ValueType.BOOL, "nosuid", null, "file.mount.nosuid"),
    RO("ro", ValueType.BOOL, "ro", null, "file.mount.ro"),
    OTHERS_CAN_WRITE("others-can-write", ValueType.BOOL, "othersCanWrite", null, "file.others_can_write"),
    SHA256("sha256", ValueType.STRING, "sha256", SetType.STRINGS, "file.sha256"),
    PACKAGE_TRUSTED("package-trusted", ValueType.BOOL, "packageTrusted", null, "file.package_trusted"),
    KERNEL_CHECK("kernel-check", ValueType.ENUM, "kernelCheck", null,
            "file.kernel_check, or the verdict the engine computes");

    private final String key;
    private final ValueType type;
    private final String field;
    private final SetType setType;
    private final String source;

    Attribute(String key, ValueType type, String field, SetType setType, String source) {
        this.key = key;
        this.type = type;
        this.field = field;
        this.setType = setType;
        this.source = source;
    }

    /** The key used in a {@code when:} block. */
    public String key() {
        return key;
    }

    public ValueType type() {
        return type;
    }

    /** The query fact's field that holds the value. */
    public String field() {
        return field;
    }

    /** The type of named set the attribute accepts, or {@code null} if none. */
    public SetType setType() {
        return setType;
    }

    /** Where the value comes from in a request, for documentation and messages. */
    public String source() {
        return source;
    }

    /** The accepted words of an {@link ValueType#ENUM} attribute. */
    public List<String> words() {
        return switch (this) {
            case FILE_TYPE -> FileType.ids();
            case KERNEL_CHECK -> List.of("allow", "deny");
            default -> List.of();
        };
    }

    public static Optional<Attribute> parse(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Attribute::key).toList();
    }
}
