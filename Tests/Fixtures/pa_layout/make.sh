#!/usr/bin/env bash
# Fixtures of `damo report pa_layout` (PaLayoutTests): each case folder
# holds a machine's `iomem` and `memory_blocks` ("block_size_bytes HEX",
# then one "NID INDEX STATE" line per memory block of
# /sys/devices/system/node), and python damo 3.4.3's output for every
# line of cases.txt as <name>.out.
#
#   make.sh capture DIR   stores this machine's iomem and memory blocks
#   make.sh expect DIR    runs python damo 3.4.3 on DIR's files: they are
#                         bind-mounted over /proc/iomem and
#                         /sys/devices/system in a private mount namespace
#                         (nothing outside it changes; needs root)
#   make.sh tree DIR ROOT builds ROOT/proc/iomem and ROOT/sys/devices/system
# pa_layout only reads, so running the reference here is allowed.
set -euo pipefail
here=$(dirname "$(realpath "$0")")

capture() {
    mkdir -p "$1"
    cat /proc/iomem > "$1/iomem"
    {
        echo "block_size_bytes $(cat /sys/devices/system/memory/block_size_bytes)"
        for node in /sys/devices/system/node/node[0-9]*; do
            for block in "$node"/memory[0-9]*; do
                [ -e "$block/state" ] || continue
                echo "${node##*/node} ${block##*/memory} $(cat "$block/state")"
            done
        done | sort -n -k1,1 -k2,2
    } > "$1/memory_blocks"
}

tree() {
    local dir=$1 root=$2 nid index state
    mkdir -p "$root/proc" "$root/sys/devices/system/memory" "$root/sys/devices/system/node"
    cp "$dir/iomem" "$root/proc/iomem"
    while read -r nid index state; do
        if [ "$nid" = block_size_bytes ]; then
            echo "$index" > "$root/sys/devices/system/memory/block_size_bytes"
            continue
        fi
        mkdir -p "$root/sys/devices/system/node/node$nid/memory$index"
        echo "$state" > "$root/sys/devices/system/node/node$nid/memory$index/state"
    done < "$dir/memory_blocks"
}

expect() {
    local dir damo root
    dir=$(realpath "$1")
    damo=${DAMO_REFERENCE:-$("$here/../../../scripts/reference-damo.sh")}
    root=$(mktemp -d)
    tree "$dir" "$root"
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue;; esac
        local name=${line%%:*} args=${line#*:}
        # shellcheck disable=SC2086
        unshare -m --propagation private bash -c '
            mount --bind "$1/proc/iomem" /proc/iomem
            mount --bind "$1/sys/devices/system" /sys/devices/system
            shift; "$@"' _ "$root" "$damo" report pa_layout $args > "$dir/$name.out"
    done < "$here/cases.txt"
    rm -rf "$root"
}

case "${1:-}" in
    capture) capture "$2";;
    expect) expect "$2";;
    tree) tree "$2" "$3";;
    *) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2;;
esac
