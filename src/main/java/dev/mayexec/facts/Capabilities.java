package dev.mayexec.facts;

import java.util.List;
import java.util.Set;

/** The Linux capabilities (include/uapi/linux/capability.h), written in lower case without {@code CAP_}. */
public final class Capabilities {
    /** Every capability, in the kernel's bit order. */
    public static final List<String> ALL = List.of("chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
            "setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin",
            "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
            "sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
            "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
            "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore");

    private static final Set<String> ALL_SET = Set.copyOf(ALL);

    private Capabilities() {}

    /** Returns whether {@code name} is a capability (lower case, without {@code CAP_}). */
    public static boolean isKnown(String name) {
        return ALL_SET.contains(name);
    }

    /** The effective capabilities to assume: as given, or, when unknown, all of them for uid 0 (DESIGN.md §5). */
    public static Set<String> effective(Set<String> given, Integer uid) {
        if (given != null) return Set.copyOf(given);
        return uid != null && uid == 0 ? ALL_SET : null;
    }
}
