# Runs inside `unshare -m --propagation private`: the daemon's fanotify marks, its configuration and
# its database exist in this mount namespace only, so nothing outside it is watched or changed.
set -eu
T=$1
ETC=$2
mount -t tmpfs -o mode=0755 fa-test "$T"
mkdir -p /var/lib/fapolicyd /run/fapolicyd
mount -t tmpfs fa-db /var/lib/fapolicyd
mount -t tmpfs fa-run /run/fapolicyd
mount --bind "$ETC" /etc/fapolicyd
mkdir -p "$T/bin" "$T/shell" "$T/priv"
cp /usr/bin/true "$T/bin/true"
cp /usr/bin/true "$T/bin/other"
printf 'print(1)\n' > "$T/shebang.py"
printf 'echo hi\n' > "$T/shell/x.sh"
printf 'data\n' > "$T/data.txt"
printf 'trusted\n' > "$T/trusted.txt"
printf 'secret\n' > "$T/priv/secret"
chmod -R a+rX "$T"
exec fapolicyd --debug --permissive
