#!/usr/bin/env bash
# Remakes examples/damon-6.12-workload.data: a real record made by our own
# `damo record` on Linux 6.12 (../shared/testkernel/bzImage-6.12 under
# QEMU, see its README), through DAMOS tried regions.  Two processes of
# the VM tier's workload (Tests/vm/workload.c) are its targets: one maps
# 64 MiB of anonymous memory whose 8 MiB hot part moves up every 2 s
# (stairs) and 16 MiB of a file it leaves alone, the other keeps 4 MiB of
# 32 MiB hot; vaddr, 5 ms / 100 ms / 1 s intervals, 30 s.
#
# usage: examples/make-damon-6.12-workload.sh [DAMO]   (default: .build/debug/damo)
set -euo pipefail
here=$(dirname "$(realpath "$0")")
repo=$(realpath "$here/..")
damo=$(realpath "${1:-$repo/.build/debug/damo}")
kernel=$repo/../shared/testkernel/bzImage-6.12
[ -x "$damo" ] || { echo "no damo binary at $damo (swift build first)" >&2; exit 2; }
[ -f "$kernel" ] || { echo "no Linux 6.12 test kernel at $kernel" >&2; exit 2; }
out=$(mktemp -d "$repo/.build/example-XXXXXX" 2>/dev/null || mktemp -d)
gcc -O1 -Wall -o "$out/workload" "$repo/Tests/vm/workload.c"
cat > "$out/guest.sh" <<EOF
set -eu
cd /run/vm-out
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
taskset -c 0 ./workload -f 16 -s 2 64 8 0 a.info &
taskset -c 0 ./workload 32 4 8 b.info &
while ! [ -f a.info ] || ! [ -f b.info ]; do sleep 0.2; done
pid() { awk '\$1 == "pid" { print \$2 }' "\$1"; }
$damo record --target_pid "\$(pid a.info)" --target_pid "\$(pid b.info)" \\
    --monitoring_intervals 5ms 100ms 1s --timeout 30 -o damon.data --do_record access
kill %1 %2
EOF
"$repo/../shared/testkernel/run-vm.sh" --kernel "$kernel" --noise --mem 1G --timeout 600 --out "$out" \
    -- bash /run/vm-out/guest.sh > "$out/console.log" 2>&1 || { tail -20 "$out/console.log" >&2; exit 1; }
cp "$out/damon.data" "$here/damon-6.12-workload.data"
"$damo" report record_info --input "$here/damon-6.12-workload.data"
rm -rf "$out"
