# Helpers of the VM tier's scenarios (sourced by guest.sh, inside the guest
# only).  A scenario fails at its first failed check (`fail` exits its
# bash); everything it does and checks goes to its log.
#
#   $DAMO, $WORKLOAD   the binaries under test; $WORK a scratch folder of
#                      the scenario (in the shared folder, kept for reading)
#   kd PATH            a file under $ADMIN (the kdamonds directory)
#   expect_kd PATH V   that file holds V
#   expect_eq A B WHAT / expect_gt A B WHAT / expect_ge / expect_le
#   expect_match TEXT ERE WHAT / expect_no_match TEXT ERE WHAT
#   damo_ok ARGS...    runs damo, must exit 0; stdout in $OUT, stderr $ERR
#   damo_err ARGS...   runs damo, must fail with status 1 and one line
#                      "damo: ..." on stderr (in $ERR)
#   jq_out FILTER      jq on $OUT (raw output)
#   workload NAME TOTAL HOT OFFSET [SECONDS]   the workload command line
#                      ($WL_OPTS: its options, e.g. "-f 32 -s 2"; $WL_CGROUP:
#                      run it in that cgroup v2 group, made if needed)
#   wait_workload NAME info of a started workload ("info NAME key" reads it)
#   start_workload NAME TOTAL HOT OFFSET   starts one without damo, waits
#   kd_params [K]      every parameter file of kdamond K (default 0) with
#                      its content (the writable files: not the kernel's
#                      results), for "as before" checks
#   expect_no_kdamond_on / expect_clean NR     nothing running (and nr_kdamonds NR)
#   damo_background ARGS...   starts damo in the background (output in
#                      $WORK/stdout, stderr; its pid in $BG_PID)
#   wait_damo_says ERE  until its output matches (at most 30 s, or it ended)
#   damo_in_background ARGS...   damo_background until it records
#                      workload w, and 4 s more
#   signal_background_damo SIG [PROG]   signals it and waits (exit status
#                      in $RC, the seconds it took in $WAITED; with PROG,
#                      the seconds until no PROG process ran in $PROG_ENDED)
#   dbg PATH / expect_dbg PATH V     a file under $DBG (DAMON's debugfs)
#   modp M P / expect_mod M P V      parameter P of module damon_M

ADMIN=/sys/kernel/mm/damon/admin/kdamonds
DBG=/sys/kernel/debug/damon

log() { echo "# [${SECONDS}s] $*"; }
fail() { echo "FAIL: $*"; exit 1; }

# (Linux 6.12's DAMON sysfs answers EBUSY to a read while a damo of the
# scenario holds its lock for a write: such reads are tried again.)
kd() {
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        cat "$ADMIN/$1" 2>/dev/null && return
        [ -e "$ADMIN/$1" ] || break
        sleep 0.1
    done
    echo "<cannot read $1>"
}

expect_eq() {
    [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
    log "ok: $3 = '$1'"
}
expect_kd() { expect_eq "$(kd "$1")" "$2" "sysfs $1"; }
dbg() { cat "$DBG/$1" 2>/dev/null || echo "<cannot read $1>"; }
expect_dbg() { expect_eq "$(dbg "$1")" "$2" "debugfs $1"; }
modp() { cat "/sys/module/damon_$1/parameters/$2" 2>/dev/null || echo "<cannot read damon_$1/$2>"; }
expect_mod() { expect_eq "$(modp "$1" "$2")" "$3" "damon_$1 parameter $2"; }
_num() { [[ $1 =~ ^-?[0-9]+$ ]] || fail "$2: '$1' is not a number"; }
expect_gt() { _num "$1" "$3"; [ "$1" -gt "$2" ] || fail "$3: expected > $2, got $1"; log "ok: $3 = $1 (> $2)"; }
expect_ge() { _num "$1" "$3"; [ "$1" -ge "$2" ] || fail "$3: expected >= $2, got $1"; log "ok: $3 = $1 (>= $2)"; }
expect_le() { _num "$1" "$3"; [ "$1" -le "$2" ] || fail "$3: expected <= $2, got $1"; log "ok: $3 = $1 (<= $2)"; }
expect_match() {
    grep -qE -- "$2" <<<"$1" || fail "$3: /$2/ not in: $(head -c 600 <<<"$1")"
    log "ok: $3"
}
expect_no_match() {
    ! grep -qE -- "$2" <<<"$1" || fail "$3: /$2/ found in: $(head -c 600 <<<"$1")"
    log "ok: $3"
}

# damo's output goes to files, not pipes: a workload damo starts inherits
# its standard streams, and a pipe would stay open as long as it runs.
damo_run() {
    log "\$ damo $*"
    "$DAMO" "$@" > "$WORK/stdout" 2> "$WORK/stderr" < /dev/null
    RC=$?
    if [ "$RC" -ge 128 ] && [ "$RC" != 137 ]; then
        log "damo died of signal $((RC - 128)); kernel log:"
        dmesg | tail -5 | sed 's/^/    /'
        # Once more under gdb, for a backtrace if it crashes again.
        log "the same under gdb:"
        gdb -q -batch -ex run -ex bt -ex "info threads" -ex "thread apply all bt 8" --args "$DAMO" "$@" \
            > "$WORK/gdb.log" 2>&1 < /dev/null
        grep -v '^\[' "$WORK/gdb.log" | tail -80 | sed 's/^/    /'
    fi
    OUT=$(cat "$WORK/stdout")
    ERR=$(cat "$WORK/stderr")
    log "exit $RC"
    [ -z "$OUT" ] || head -c 3000 <<<"$OUT" | sed 's/^/    /'
    [ -z "$ERR" ] || sed 's/^/    stderr: /' <<<"$ERR"
}
damo_ok() {
    damo_run "$@"
    [ "$RC" = 0 ] || fail "damo $* exited $RC: $ERR"
}
damo_err() {
    damo_run "$@"
    [ "$RC" = 1 ] || fail "damo $* should have failed with status 1, got $RC ($ERR)"
    [ "$(wc -l <<<"$ERR")" = 1 ] || fail "damo $*: the error should be one line, got: $ERR"
    expect_match "$ERR" '^damo: ' "the error names damo"
}
jq_out() { jq -r "$1" <<<"$OUT"; }

# The workload command line for damo (pinned to CPU 0, which it shares
# with the guest's noise loop so that DAMON sees its accesses).
workload() {
    local cmd="taskset -c 0 $WORKLOAD ${WL_OPTS:-} $2 $3 $4 $WORK/$1.info ${5:-}"
    if [ -n "${WL_CGROUP:-}" ]; then
        # (a child cgroup has a memory cgroup only when its parent hands
        # the controller down)
        grep -qw memory /sys/fs/cgroup/cgroup.subtree_control || echo +memory > /sys/fs/cgroup/cgroup.subtree_control
        mkdir -p "/sys/fs/cgroup/$WL_CGROUP"
        cmd="sh -c 'echo \$\$ > /sys/fs/cgroup/$WL_CGROUP/cgroup.procs && exec $cmd'"
    fi
    echo "$cmd"
}
# Starts a workload without damo (for --target_pid).
start_workload() {
    bash -c "$(workload "$@")" > /dev/null 2>&1 &
    wait_workload "$1"
}

kd_params() {
    # (one grep for all files: processes are slow to start in the guest)
    find "$ADMIN/${1:-0}" -type f -perm -200 -print0 | sort -z | xargs -0 grep -H '' | sed "s|^$ADMIN/||"
}
# Fails unless kdamond K's parameter files are what file $2 kept.
expect_params_as() {
    kd_params "$1" > "$WORK/params.now"
    cmp -s "$2" "$WORK/params.now" || fail "kdamond $1's parameters changed: $(diff "$2" "$WORK/params.now" | head -8 | tr '\n' ' ')"
    log "ok: kdamond $1's parameter files as before ($(wc -l < "$2") files)"
}
info() { awk -v k="$2" '$1 == k { print $2; exit }' "$WORK/$1.info"; }
# Fails unless workload $1 still runs (with what the kernel said, if not).
expect_workload_runs() {
    local pid
    pid=$(info "$1" pid)
    [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" && { log "ok: workload $1 ($pid) runs"; return 0; }
    log "workload $1 ($pid) is gone; the kernel's last words:"
    dmesg | tail -8 | sed 's/^/    /'
    fail "workload $1 ($pid) ended"
}
wait_workload() {
    local i
    for i in $(seq 600); do
        [ -f "$WORK/$1.info" ] && { log "workload $1: pid $(info "$1" pid), hot $(info "$1" hot_start)-$(info "$1" hot_end)"; return 0; }
        sleep 0.1
    done
    fail "workload $1 did not start (no $WORK/$1.info)"
}

running_kdamonds() {
    local k n
    n=$(cat "$ADMIN/nr_kdamonds")
    for (( k = 0; k < n; k++ )); do
        [ "$(cat "$ADMIN/$k/state")" = on ] && echo "$k"
    done
}
expect_no_kdamond_on() {
    local on
    on=$(running_kdamonds | tr '\n' ' ')
    [ -z "$on" ] || fail "kdamond(s) $on still running"
    log "ok: no kdamond running"
}
# Nothing running, nr_kdamonds as expected, no workload left.
expect_clean() {
    expect_no_kdamond_on
    expect_kd nr_kdamonds "$1"
    local left
    left=$(pgrep -x workload | tr '\n' ' ')
    [ -z "$left" ] || fail "workload process(es) $left left running"
    log "ok: no workload process"
}

damo_background() {
    log "\$ damo $* &"
    "$DAMO" "$@" > "$WORK/stdout" 2> "$WORK/stderr" < /dev/null &
    BG_PID=$!
}
wait_damo_says() {
    local i
    for i in $(seq 300); do
        grep -qE -- "$1" "$WORK/stdout" 2>/dev/null && return
        kill -0 "$BG_PID" 2>/dev/null || return
        sleep 0.1
    done
}
damo_in_background() {
    damo_background "$@"
    wait_damo_says "Press Ctrl"
    wait_workload w
    sleep 4
}
signal_background_damo() {
    local t0=$SECONDS
    log "kill -$1 damo"
    kill "-$1" "$BG_PID"
    if [ -n "${2:-}" ]; then
        while pgrep -x "$2" > /dev/null && [ $((SECONDS - t0)) -lt 300 ]; do sleep 0.5; done
        PROG_ENDED=$((SECONDS - t0))
        log "no $2 runs after ${PROG_ENDED} s"
    fi
    wait "$BG_PID"
    RC=$?
    WAITED=$((SECONDS - t0))
    log "damo exited $RC after ${WAITED} s: $(cat "$WORK/stdout" "$WORK/stderr" | tr '\n' ' ')"
}

# Kills the workloads a scenario started (by their pids, from their info
# files).
kill_workloads() {
    local f pid
    for f in "$WORK"/*.info; do
        [ -f "$f" ] || continue
        pid=$(awk '$1 == "pid" { print $2 }' "$f")
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    done
    return 0
}

# Between scenarios (guest.sh): turns every kdamond off (sysfs, debugfs
# contexts, DAMON modules), removes them and kills every workload; prints
# what was still running.
vm_reset_damon() {
    local k left="" m d i
    # A damo the scenario left running goes first: turning its kdamond off
    # under a request it waits for (6.12 answers requests from the
    # kdamond) would leave it waiting for good.
    if pgrep -x damo > /dev/null; then
        left+="damo running; "
        pkill -9 -x damo
        for i in $(seq 50); do pgrep -x damo > /dev/null || break; sleep 0.1; done
    fi
    for k in $(running_kdamonds); do
        left+="kdamond $k on; "
        echo off > "$ADMIN/$k/state" 2>/dev/null
    done
    echo 0 > "$ADMIN/nr_kdamonds" 2>/dev/null
    for m in reclaim lru_sort; do
        [ -d "/sys/module/damon_$m/parameters" ] || continue
        [ "$(modp $m kdamond_pid)" = -1 ] && continue
        left+="damon_$m on; "
        echo N > "/sys/module/damon_$m/parameters/enabled"
        for i in $(seq 100); do [ "$(modp $m kdamond_pid)" = -1 ] && break; sleep 0.1; done
    done
    if [ -d "$DBG" ]; then
        for d in "$DBG" "$DBG"/*/; do
            if [ -f "$d/kdamond_pid" ] && [ "$(cat "$d/kdamond_pid")" != none ]; then
                left+="debugfs context $(basename "$d") on; "
                echo off > "$DBG/monitor_on" 2>/dev/null
                break
            fi
        done
        for d in "$DBG"/*/; do [ -d "$d" ] && echo "$(basename "$d")" > "$DBG/rm_contexts" 2>/dev/null; done
    fi
    local pids
    pids=$(pgrep -x workload)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null
    echo "$left"
}
