# Errors from the real kernel: damo reports them on one line and leaves
# DAMON as it found it.

# A pid of no process: damo refuses it itself; given in a parameters file,
# the kernel refuses it when the kdamond is turned on (EINVAL), and what
# damo wrote is put back.
needs error_invalid_pid once sysfs
scenario_error_invalid_pid() {
    damo_err start --target_pid 999999
    expect_match "$ERR" 999999 "the error names the pid"
    expect_clean 0

    damo_ok args damon --target_pid $$ --monitoring_intervals 5ms 100ms 1s --format json
    sed "s/\"pid\": $$,/\"pid\": 999999,/" <<<"$OUT" > "$WORK/kdamonds.json"
    grep -q '"pid": 999999' "$WORK/kdamonds.json" || fail "could not make the parameters file"
    damo_err start --kdamonds "$WORK/kdamonds.json"
    expect_match "$ERR" "state" "the error names the state file the kernel refused"
    expect_match "$ERR" "Invalid argument" "the error gives the kernel's answer"
    expect_clean 0
}

# Values only the kernel checks (it wants at least 3 regions): refused when
# turning on, and when committing to a running kdamond.
needs error_kernel_refuses_parameters once sysfs
scenario_error_kernel_refuses_parameters() {
    damo_err start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --monitoring_nr_regions_range 1 100
    expect_match "$ERR" "Invalid argument" "start: the kernel's answer"
    expect_clean 0

    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local pid kpid
    pid=$(info w pid); kpid=$(kd 0/pid)
    # 6.1 takes the 'commit' and ends the kdamond instead of using them.
    damo_err tune --target_pid "$pid" --monitoring_intervals 5ms 100ms 1s --monitoring_nr_regions_range 1 100
    expect_match "$ERR" "kdamond 0 ended on 'commit'" "tune: the error says the kernel ended the kdamond"
    expect_match "$ERR" "restarted with its previous parameters" "tune: and that damo restarted it"
    # The files hold the old values again, and the kdamond runs with them.
    expect_kd 0/contexts/0/monitoring_attrs/nr_regions/min 10
    expect_kd 0/contexts/0/monitoring_attrs/nr_regions/max 1000
    expect_kd 0/contexts/0/targets/0/pid_target "$pid"
    expect_kd 0/state on
    [ "$(kd 0/pid)" != "$kpid" ] || fail "the kdamond thread should be a new one"
    damo_ok stop
    expect_no_kdamond_on
    expect_kd nr_kdamonds 1
}

# Writes the kernel refuses while a kdamond runs (6.1: nr_kdamonds is busy,
# a second 'on' is busy; and only one context per kdamond, ever).
needs error_refused_while_running once sysfs
scenario_error_refused_while_running() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local pid kpid
    pid=$(info w pid); kpid=$(kd 0/pid)
    # The kernel's facts, checked directly.
    echo 2 > $ADMIN/nr_kdamonds 2> "$WORK/err" && fail "the kernel took nr_kdamonds while running"
    log "kernel: nr_kdamonds while running: $(cat "$WORK/err")"
    echo on > $ADMIN/0/state 2> "$WORK/err" && fail "the kernel took a second 'on'"
    log "kernel: second on: $(cat "$WORK/err")"

    damo_err start --target_pid "$pid"
    expect_match "$ERR" "already running" "start while running"
    damo_err start --kdamond --damon_ctx --damon_target --target_pid "$pid" \
        --kdamond --damon_ctx --damon_target --target_pid "$pid"
    expect_match "$ERR" "already running" "start of two kdamonds while one runs"
    damo_err tune --kdamond --damon_ctx --damon_target --target_pid "$pid" \
        --kdamond --damon_ctx --damon_target --target_pid "$pid"
    expect_match "$ERR" "1 kdamond" "tune with more kdamonds than there are"
    # Two contexts in one kdamond: 6.1 refuses nr_contexts 2 (EINVAL).
    damo_err tune --kdamond --damon_ctx --ops vaddr --damon_target --target_pid "$pid" \
        --damon_ctx --ops vaddr --damon_target --target_pid "$pid"
    expect_match "$ERR" "nr_contexts" "tune with two contexts: the refused file"
    expect_kd nr_kdamonds 1
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_kd 0/contexts/nr_contexts 1
    expect_kd 0/contexts/0/targets/0/pid_target "$pid"
    damo_ok stop
    expect_no_kdamond_on
    expect_kd nr_kdamonds 1
}

# The target exits, so the kdamond stops by itself; `damo stop` then says
# so, and 6.1 answers EPERM to an 'off' for it.
needs error_stop_after_exit once sysfs
scenario_error_stop_after_exit() {
    damo_ok start "$(workload w 16 4 4 2)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    expect_kd 0/state on
    local i
    for i in $(seq 300); do
        [ "$(kd 0/state)" = off ] && break
        sleep 0.1
    done
    expect_kd 0/state off
    echo off > $ADMIN/0/state 2> "$WORK/err" && fail "the kernel took 'off' for an exited kdamond"
    expect_match "$(cat "$WORK/err")" "Operation not permitted" "kernel: off after exit is EPERM"
    damo_err stop
    expect_match "$ERR" "not running|no kdamond" "stop names the reason"
    expect_kd 0/state off
    expect_kd nr_kdamonds 1
    # The next start reuses the stopped kdamond.
    damo_ok start "$(workload w2 16 4 4)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w2
    expect_kd 0/state on
    expect_kd 0/contexts/0/targets/0/pid_target "$(info w2 pid)"
    damo_ok stop
    expect_no_kdamond_on
}
