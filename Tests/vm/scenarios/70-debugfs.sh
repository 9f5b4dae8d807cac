# The debugfs interface (/sys/kernel/debug/damon) of Linux 6.1, driven by
# damo with --damon_interface_DEPRECATED debugfs (6.1 has sysfs too, which
# damo would pick by itself).

DBGI=(--damon_interface_DEPRECATED debugfs)

# The pid in a debugfs kdamond_pid file is a live kdamond thread.
expect_kdamond_thread() {
    local kpid
    kpid=$(dbg "$1/kdamond_pid")
    [[ $kpid =~ ^[0-9]+$ ]] || fail "debugfs $1/kdamond_pid: '$kpid' is not a pid"
    expect_match "$(cat /proc/"$kpid"/comm)" '^kdamond\.[0-9]+$' "kdamond_pid $kpid of $1 is a kdamond thread"
}

# A workload as the target, a stat scheme: the files hold what damo wrote,
# the kernel runs it (stats grow), the report reads it back, stop ends it.
needs debugfs_start_status_stop debugfs
scenario_debugfs_start_status_stop() {
    damo_ok start "${DBGI[@]}" "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --damos_action stat
    wait_workload w
    local pid
    pid=$(info w pid)
    expect_dbg monitor_on on
    expect_dbg attrs "5000 100000 1000000 10 1000"
    expect_dbg target_ids "$pid"
    expect_kdamond_thread .
    # stat on every region: sizes and ages unbounded (in the kernel's
    # units: samples and aggregation intervals), quotas and watermarks off.
    expect_match "$(dbg schemes)" "^0 18446744073709551615 0 4294967295 0 4294967295 5 0 0 18446744073709551615 0 0 0 0 0 0 0 0 [0-9]+ [0-9]+ 0 0 0$" \
        "debugfs schemes: the scheme, then its statistics"
    # Nothing went through sysfs.
    expect_kd nr_kdamonds 0

    damo_ok report damon "${DBGI[@]}" --format json --raw
    expect_eq "$(jq_out '.[0].state')" on "report damon: state"
    expect_eq "$(jq_out '.[0].pid')" "$(dbg kdamond_pid)" "report damon: kdamond pid"
    expect_eq "$(jq_out '.[0].contexts[0].ops')" vaddr "report damon: ops"
    expect_eq "$(jq_out '.[0].contexts[0].targets[0].pid')" "$pid" "report damon: target pid"
    expect_eq "$(jq_out '.[0].contexts[0].intervals.aggr_us')" 100000 "report damon: aggr_us"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].action')" stat "report damon: scheme action"
    sleep 2
    damo_ok report damon "${DBGI[@]}" --damos_stats --format json --raw
    local tried1
    tried1=$(jq_out '.[0][1].nr_tried')
    expect_gt "$tried1" 0 "nr_tried after 2 s"
    # damo's statistics are the kernel's, as the schemes file shows them
    # (which keeps counting: a moment later, at least as much).
    expect_ge "$(dbg schemes | awk '{ print $20 }')" "$(jq_out '.[0][1].sz_tried')" "sz_tried of the schemes file"
    sleep 3
    damo_ok report damon "${DBGI[@]}" --damos_stats --format json --raw
    expect_ge "$(jq_out '.[0][1].nr_tried')" $(( tried1 + 10 )) "nr_tried 3 s later"
    damo_ok status "${DBGI[@]}"
    expect_match "$OUT" "state: on" "status shows it on"
    expect_match "$OUT" "pid: $pid" "status shows the target"
    expect_match "$OUT" "action: stat" "status shows the scheme"

    damo_ok stop "${DBGI[@]}"
    expect_dbg monitor_on off
    expect_dbg kdamond_pid none
    # The kernel dropped the pid targets when the kdamond ended.
    expect_dbg target_ids ""
    kill -0 "$pid" 2>/dev/null || fail "stop ended the workload too"
    damo_ok report damon "${DBGI[@]}" --format json --raw
    expect_eq "$(jq_out '.[0].state')" off "report damon after stop: state"
}

# Refused while on: a second start, tuning, a sysfs start, and the kernel's
# own EBUSY for parameter files; nothing changes.
needs debugfs_refused_while_on debugfs
scenario_debugfs_refused_while_on() {
    damo_ok start "${DBGI[@]}" "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local pid kpid
    pid=$(info w pid); kpid=$(dbg kdamond_pid)
    damo_err start "${DBGI[@]}" --target_pid "$pid"
    expect_match "$ERR" "already running" "second start"
    damo_err tune "${DBGI[@]}" --target_pid "$pid" --monitoring_intervals 10ms 200ms 2s
    expect_match "$ERR" "cannot update parameters of running DAMON" "tune through debugfs"
    damo_err start --target_pid "$pid"
    expect_match "$ERR" "debugfs" "a sysfs start while debugfs runs"
    expect_kd nr_kdamonds 0
    # The kernel's answer to a write while on.
    if echo "10000 200000 2000000 10 1000" > "$DBG/attrs" 2>"$WORK/err"; then fail "attrs written while on"; fi
    expect_match "$(cat "$WORK/err")" "busy" "the kernel refuses attrs while on (EBUSY)"
    if cat "$DBG/init_regions" > /dev/null 2>"$WORK/err"; then fail "init_regions read while on"; fi
    expect_dbg attrs "5000 100000 1000000 10 1000"
    expect_dbg kdamond_pid "$kpid"
    expect_dbg target_ids "$pid"
    damo_ok stop "${DBGI[@]}"
    expect_dbg monitor_on off
}

# The parameters the debugfs files hold (schemes without statistics).
dbg_params() { cat "$DBG/attrs" "$DBG/target_ids"; cut -d' ' -f1-18 "$DBG/schemes"; }

# A pid of no process: the kernel refuses target_ids (ENOMEM on 6.1) and
# damo puts the old values back.
needs debugfs_error_rolls_back debugfs
scenario_debugfs_error_rolls_back() {
    local before
    before=$(dbg_params)
    damo_ok args damon --target_pid $$ --monitoring_intervals 10ms 200ms 2s --damos_action stat --format json
    sed "s/\"pid\": $$,/\"pid\": 999999,/" <<<"$OUT" > "$WORK/kdamonds.json"
    grep -q '"pid": 999999' "$WORK/kdamonds.json" || fail "could not make the parameters file"
    damo_err start "${DBGI[@]}" --kdamonds "$WORK/kdamonds.json"
    expect_match "$ERR" "target_ids" "the error names the file"
    expect_match "$ERR" "999999" "and the pid"
    expect_eq "$(dbg_params)" "$before" "debugfs files as before"
    expect_dbg monitor_on off
    # Watermarks out of order: 6.1 refuses the scheme (EINVAL) after
    # attrs and target_ids were written; they come back too.
    start_workload w 64 8 16
    damo_err start "${DBGI[@]}" --target_pid "$(info w pid)" --monitoring_intervals 10ms 200ms 2s \
        --damos_action stat --damos_wmarks free_mem_rate 1s 100 500 900
    expect_match "$ERR" "schemes" "the error names the schemes file"
    expect_match "$ERR" "Invalid argument" "with the kernel's answer"
    expect_eq "$(dbg_params)" "$before" "debugfs files as before (watermarks)"
    expect_dbg monitor_on off
}

# Two kdamonds: the second is a context made with mk_contexts; both run,
# each with its own thread; one kdamond again removes the extra context.
needs debugfs_contexts debugfs
scenario_debugfs_contexts() {
    start_workload w 64 8 16
    local pid ram_start ram_end
    pid=$(info w pid)
    read -r ram_start ram_end < <(awk -F' : ' '$2 == "System RAM" { split($1, a, "-"); if (s == "") s = a[1]; e = a[2] }
        END { print s, e }' /proc/iomem)
    ram_start=$((16#$ram_start)); ram_end=$(( 16#$ram_end + 1 ))
    damo_ok start "${DBGI[@]}" \
        --kdamond --damon_ctx --ops vaddr --monitoring_intervals 5ms 100ms 1s --damon_target --target_pid "$pid" \
        --kdamond --damon_ctx --ops paddr --monitoring_intervals 10ms 200ms 2s --damon_target
    [ -d "$DBG/ctx1" ] || fail "no debugfs context ctx1"
    expect_dbg target_ids "$pid"
    expect_dbg ctx1/target_ids 42
    expect_dbg ctx1/attrs "10000 200000 2000000 10 1000"
    expect_kdamond_thread .
    expect_kdamond_thread ctx1
    [ "$(dbg kdamond_pid)" != "$(dbg ctx1/kdamond_pid)" ] || fail "one thread for two contexts"
    damo_ok report damon "${DBGI[@]}" --format json --raw
    expect_eq "$(jq_out '[.[].state] | join(",")')" on,on "report damon: two kdamonds on"
    expect_eq "$(jq_out '[.[].contexts[0].ops] | join(",")')" vaddr,paddr "report damon: their ops"
    damo_ok stop "${DBGI[@]}"
    expect_dbg ctx1/kdamond_pid none
    # The kdamonds destroyed their regions when they ended; the paddr
    # target stays (debugfs drops only pid targets).
    expect_dbg ctx1/init_regions ""
    expect_dbg ctx1/target_ids 42
    damo_ok report damon "${DBGI[@]}" --format json --raw
    expect_eq "$(jq_out '[.[].state] | join(",")')" off,off "report damon: two kdamonds off"
    expect_eq "$(jq_out '.[1].contexts[0].ops')" paddr "report damon: the paddr context after stop"

    damo_ok start "${DBGI[@]}" --target_pid "$pid" --monitoring_intervals 5ms 100ms 1s
    [ -d "$DBG/ctx1" ] && fail "ctx1 should be gone"
    expect_dbg monitor_on on
    damo_ok stop "${DBGI[@]}"
}
