# shellcheck shell=bash
# Sourced by bin/mayexec (and by the tests' launcher, src/test/resources/launch/mayexec-run) for
# `mayexec run`. The program must get what the caller gave, and the JVM changes it: it blocks and
# ignores signals of its own and raises RLIMIT_NOFILE's soft limit, and a shell adds variables.
# Captured here, before the JVM starts, into the array jvm_opts: the environment as the kernel handed
# it to this script (/proc/$$/environ, which no shell rewrites), through a pipe the JVM reads and
# closes; the signal mask and ignored signals a child of the caller has (a command substitution's:
# LaunchFidelityTest compares them with a direct child's); the soft RLIMIT_NOFILE. The working
# directory and the umask pass through the JVM as they are.
capture_launch_state() {
    local sig blk ign
    exec {mx_env}< <(cat "/proc/$$/environ")
    sig=$(grep -E '^Sig(Blk|Ign):' /proc/self/status | tr -d ' \t')
    blk=${sig#*SigBlk:}; blk=${blk%%$'\n'*}
    ign=${sig#*SigIgn:}; ign=${ign%%$'\n'*}
    jvm_opts+=(-Dmayexec.run.env-fd="$mx_env" -Dmayexec.run.sigblk="$blk" -Dmayexec.run.sigign="$ign"
        -Dmayexec.run.nofile="$(ulimit -Sn)")
}
