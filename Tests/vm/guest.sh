#!/bin/bash
# Runs inside the VM tier's guest (started by Tests/vm/run.sh through
# init.sh): the scenarios of scenarios/*.sh whose needs this kernel meets,
# each in its own bash under a time limit, with DAMON put back to nothing
# between them.  Writes "release R" and "PASS|FAIL|SKIP name seconds
# [reason]" lines to $VM_OUT/results, each scenario's log to
# $VM_OUT/logs/NAME.log and the kernel's features to $VM_OUT/features;
# prints progress as "vm: ..." lines on the console.
#
# A scenario is a shell function `scenario_NAME() { ... }` in any file of
# scenarios/, declared by a line `needs NAME FEATURE...` (features.sh says
# which there are; `!FEATURE` needs it absent; `once` runs it only on the
# first kernel run.sh boots that meets the rest).  The helpers it can use
# are in lib.sh.
set -u
here=$(dirname "$(realpath "$0")")
# It turns DAMON off and kills workloads: never anywhere but in the guest
# that run.sh booted (with damontest=1).
[ -n "${VM_OUT:-}" ] && [ -f "$VM_OUT/settings" ] && grep -qw damontest=1 /proc/cmdline \
    || { echo "guest.sh: runs inside the test guest only" >&2; exit 2; }
# shellcheck source=/dev/null
. "$VM_OUT/settings"
VM_DIR=$here
export DAMO WORKLOAD VM_OUT VM_DIR
. "$here/lib.sh"
. "$here/features.sh"
[ -d "$ADMIN" ] || { echo "guest.sh: no DAMON sysfs ($ADMIN): not the test kernel?" >&2; exit 2; }

# The guest's devtmpfs lacks the usual links (process substitution and
# perf want them).
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
[ -e /dev/stdin ] || ln -s /proc/self/fd/0 /dev/stdin
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
[ -e /dev/stderr ] || ln -s /proc/self/fd/2 /dev/stderr
[ -d /dev/shm ] || { mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm; }

declare -A NEEDS=()
needs() { local name=$1; shift; NEEDS[$name]="$*"; }

if [ "${1:-}" = --one ]; then
    for f in "$here"/scenarios/*.sh; do . "$f"; done
    SCENARIO=$2
    WORK=$VM_OUT/work/$SCENARIO
    mkdir -p "$WORK"
    "scenario_$SCENARIO"
    exit $?
fi

# One main loop per guest: a second one would reset DAMON and kill the
# first one's workloads under it.
lock=$VM_OUT/guest.pid
if [ -f "$lock" ] && kill -0 "$(cat "$lock")" 2>/dev/null; then
    echo "vm: guest.sh already runs as pid $(cat "$lock"); this one ($$, started by: $(ps -o args= -p "$PPID")) ends"
    ps -eo pid,ppid,etime,args | grep -v ' \[' | sed 's/^/vm:   /'
    exit 2
fi
echo $$ > "$lock"

names=()
for f in "$here"/scenarios/*.sh; do
    . "$f"
    # (no process substitution: the guest's /dev has no /dev/fd)
    for name in $(sed -n 's/^scenario_\([A-Za-z0-9_]*\)() *{.*/\1/p' "$f"); do
        if [ -z "${VM_PATTERNS:-}" ]; then names+=("$name"); continue; fi
        set -f
        for p in $VM_PATTERNS; do
            # shellcheck disable=SC2053
            [[ $name == $p ]] && { names+=("$name"); break; }
        done
        set +f
    done
done
results=$VM_OUT/results
vm_reset_damon >/dev/null
FEATURES=" $(vm_features | tr '\n' ' ') "
echo "$FEATURES" | tr ' ' '\n' | sed '/^$/d' > "$VM_OUT/features"
echo "release $(uname -r)" > "$results.partial"
echo; echo "vm: kernel $(uname -r), ${#names[@]} scenario(s), damo $DAMO (guest.sh pid $$, from: $(ps -o args= -p "$PPID"))"
echo "vm: features:$FEATURES"

# Why this kernel does not run scenario $1 (nothing when it does).
unmet() {
    local need missing=()
    [ -n "${NEEDS[$1]+set}" ] || { echo "it declares no needs"; return; }
    for need in ${NEEDS[$1]}; do
        case "$need" in
            once) [[ " $VM_DONE " == *" $1 "* ]] && missing+=("ran on an earlier kernel");;
            !*) [[ $FEATURES == *" ${need#!} "* ]] && missing+=("has ${need#!}");;
            *) [[ $FEATURES == *" $need "* ]] || missing+=("no $need");;
        esac
    done
    [ ${#missing[@]} = 0 ] || echo "${missing[*]}"
}

for name in "${names[@]}"; do
    why=$(unmet "$name")
    if [ -n "$why" ]; then
        # (a scenario without needs is a mistake: it fails everywhere)
        if [ -z "${NEEDS[$name]+set}" ]; then
            echo "FAIL $name 0 $why" >> "$results.partial"
            echo "vm: FAIL $name: $why"
        else
            echo "SKIP $name 0 $why" >> "$results.partial"
        fi
        continue
    fi
    t0=$(date +%s)
    timeout -k 10 "${VM_SCENARIO_TIMEOUT:-480}" bash "$0" --one "$name" > "$VM_OUT/logs/$name.log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - t0 ))
    left=$(vm_reset_damon)
    if [ "$rc" = 0 ] && [ -n "$left" ]; then
        rc=1
        echo "FAIL: left behind: $left" >> "$VM_OUT/logs/$name.log"
    fi
    case "$rc" in
        0) line="PASS $name $secs";;
        124|137) line="FAIL $name $secs timed out after ${VM_SCENARIO_TIMEOUT:-480} s";;
        *) line="FAIL $name $secs $(grep -m1 '^FAIL: ' "$VM_OUT/logs/$name.log" | cut -c7-)";;
    esac
    echo "$line" >> "$results.partial"
    echo "vm: ${line%% *} $name (${secs} s)${line#* $name $secs}"
done
mv "$results.partial" "$results"
