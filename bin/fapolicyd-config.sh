# shellcheck shell=bash
# Sourced by bin/compare-fapolicyd and bin/bench-fapolicyd: fapolicyd_config DIR writes DIR/etc, the
# configuration both run fapolicyd 1.1.7 with: the shipped known-libs rules compiled as fagenrules
# does (comments and blank lines dropped), the test's permissive configuration watching every ext4
# and tmpfs mount, and a trust list of every file dpkg installed (the counterpart of mayexec's
# package-trusted; by path, as integrity = none trusts).
fapolicyd_config() {
    local dir=$1
    mkdir -p "$dir/etc/rules.d" "$dir/etc/trust.d"
    for f in $(ls -1v "$MAYEXEC_HOME"/src/test/resources/fapolicyd/known-libs/*.rules); do cat "$f"; done \
        | grep -v '^\s*#' | grep -v '^\s*$' > "$dir/etc/compiled.rules"
    sed -e 's/^watch_fs = .*/watch_fs = ext4,tmpfs/' \
        -e 's/^syslog_format = .*/syslog_format = rule,dec,perm,uid,gid,pid,exe,:,path,ftype,trust/' \
        "$MAYEXEC_HOME/src/test/resources/fapolicyd/live/fapolicyd.conf" > "$dir/etc/fapolicyd.conf"
    cat /var/lib/dpkg/info/*.list | sort -u | while IFS= read -r f; do if [ -f "$f" ] && [ ! -L "$f" ]; then echo "$f"; fi; done \
        | xargs -d '\n' stat -c "%n %s $(printf '0%.0s' $(seq 64))" > "$dir/etc/fapolicyd.trust"
}
