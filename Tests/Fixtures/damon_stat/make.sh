#!/usr/bin/env bash
# Fixtures of `damo report access` built from DAMON_STAT (DamonStatTests):
# each parameter set folder (hot, flat, steps) holds DAMON_STAT's
# parameter files as the kernel publishes them; `memtotal` is the
# MemTotal (kB) python damo saw; <set>-<NAME>.out is python damo 3.4.3's
# output for each line of cases.txt; record-<set>.data its `record
# --snapshot 0 1` of DAMON_STAT, record-<set>.out its report of it.
#
#   make.sh expect    boots ../shared/testkernel's Linux 6.12 (which has no
#                     DAMON_STAT) and, in the guest, mounts a tmpfs over
#                     /sys/module holding each set's parameters plus
#                     enabled=Y, then runs python damo there.  The guest's
#                     DAMON runs no kdamond, so damo takes DAMON_STAT's
#                     snapshot; nothing of the host is touched (the guest's
#                     writes vanish at power-off).
#   make.sh guest     the part run inside the guest
set -euo pipefail
here=$(dirname "$(realpath "$0")")
shared=$here/../../../../shared

guest() {
    local damo=$1 out=$2 set name args
    export HOME
    HOME=$(mktemp -d)
    mount -t tmpfs none /sys/module
    local params=/sys/module/damon_stat/parameters
    mkdir -p "$params"
    echo Y > "$params/enabled"
    awk '/^MemTotal:/ {print $2}' /proc/meminfo > "$out/memtotal"
    cd "$(mktemp -d)"  # no damon.data here
    for set in hot flat steps; do
        for f in aggr_interval_us memory_idle_ms_percentiles estimated_memory_bandwidth; do
            cp "$here/$set/$f" "$params/$f"
        done
        while IFS= read -r line; do
            case "$line" in ''|'#'*) continue;; esac
            name=${line%%:*} args=${line#*:}
            # shellcheck disable=SC2086
            "$damo" report access $args > "$out/$set-$name.out" 2>&1 < /dev/null
        done < "$here/cases.txt"
    done
    # `record --snapshot` of DAMON_STAT's kdamond (pidof finds a stand-in
    # named kdamond.0), then the record reported: record-<set>.out.
    (exec -a kdamond.0 sleep 600) > /dev/null 2>&1 &
    local standin=$!
    sleep 0.5
    for set in hot steps; do
        for f in aggr_interval_us memory_idle_ms_percentiles estimated_memory_bandwidth; do
            cp "$here/$set/$f" "$params/$f"
        done
        "$damo" record --snapshot 0 1 -o "$out/record-$set.data" > /dev/null 2>&1 < /dev/null
        "$damo" report access --input "$out/record-$set.data" --raw_number > "$out/record-$set.out" 2>&1 < /dev/null
    done
    kill "$standin"
}

expect() {
    local damo out
    damo=${DAMO_REFERENCE:-$("$here/../../../scripts/reference-damo.sh")}
    out=$(mktemp -d)
    "$shared/testkernel/run-vm.sh" --timeout 1200 --kernel "$shared/testkernel/bzImage-6.12" --out "$out" \
        -- bash "$here/make.sh" guest "$damo" > "$out/console.log" 2>&1 \
        || { tail -20 "$out/console.log"; exit 1; }
    cp "$out"/memtotal "$out"/*.out "$out"/record-*.data "$here/"
    rm -rf "$out"
}

case "${1:-}" in
    expect) expect;;
    guest) guest "$2" "${3:-$VM_OUT}";;
    *) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2;;
esac
