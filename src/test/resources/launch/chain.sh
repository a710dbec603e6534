#!/usr/bin/env bash
# The whole chain of the kernel design, run by LaunchChainTest in a mount namespace of its own
# (unshare -m): a daemon, the Python hook, and `mayexec run` starting python3 under a service whose
# launch block sets exec-restrict-file. Arguments: java, class path, the run wrapper, the hook's
# directory, a work directory holding policy/ (exec/ and noexec/ are mounted here).
set -euo pipefail
java=$1 cp=$2 wrapper=$3 hook=$4 work=$5
mount --make-rprivate /
mount -t tmpfs -o mode=0755 mx-chain-exec "$work/exec"
mount -t tmpfs -o noexec,mode=0755 mx-chain-noexec "$work/noexec"
cat >"$work/exec/app.py" <<PY
import sys
# the hook's own prctl: under exec-restrict-file, importing ctypes (0644 in /usr/lib) is refused
import mayexec_hook
print("securebits", mayexec_hook._prctl(27, 0, 0, 0, 0))
import goodmod
print("goodmod", goodmod.VALUE)
sys.path.insert(0, "$work/noexec")
try:
    import badmod
    print("badmod imported", badmod.VALUE)
except Exception as e:
    print("badmod refused:", e)
PY
echo 'VALUE = "from the exec mount"' >"$work/exec/goodmod.py"
echo 'VALUE = "from the noexec mount"' >"$work/noexec/badmod.py"
chmod 0755 "$work/exec/app.py" "$work/exec/goodmod.py" "$work/noexec/badmod.py"

"$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$cp" dev.mayexec.cli.Main serve \
    --policy "$work/policy" --socket "$work/mx.sock" 2>"$work/daemon.log" &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
for _ in $(seq 300); do [ -S "$work/mx.sock" ] && break; sleep 0.1; done
[ -S "$work/mx.sock" ] || { echo "the daemon did not start"; cat "$work/daemon.log"; exit 99; }

cgroup=/sys/fs/cgroup/systemd/mx-chain.service
mkdir -p "$cgroup"
cd "$work/exec"
# --policy policy/ (the service's launch block sets exec-restrict-file), --policy plain/ (the same
# without it), then --socket: the daemon, which serves policy/, decides the launch too
for how in "--policy $work/policy" "--policy $work/plain" "--socket $work/mx.sock"; do
    echo "== ${how%% *} ${how##*/}"
    rc=0
    # a subshell in the service's cgroup: the launched python3 is a process of mx-chain.service
    # shellcheck disable=SC2086 # $how is two words
    (echo $BASHPID >"$cgroup/cgroup.procs"
     exec env -i PATH=/usr/bin:/bin PYTHONPATH="$hook" MAYEXEC_SOCKET="$work/mx.sock" \
        "$wrapper" "$java" "$cp" run $how -- python3 app.py) || rc=$?
    echo "exit $rc"
done
rmdir "$cgroup" 2>/dev/null || true
