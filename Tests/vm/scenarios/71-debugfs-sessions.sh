# record, live snapshots and schemes through the debugfs interface of
# Linux 6.1 (--damon_interface_DEPRECATED debugfs; 6.1 has sysfs too,
# which damo would pick by itself).  DBGI comes from 70-debugfs.sh.

# Every file of every debugfs context, with its content (the whole of
# what damo could change), for byte-for-byte "as found" checks.
dbg_all() {
    local d f
    for d in "$DBG" "$DBG"/*/; do
        [ -f "$d/attrs" ] || continue
        for f in attrs target_ids init_regions schemes kdamond_pid; do
            printf '%s: ' "${d#"$DBG"}$f"
            cat "$d/$f" 2>&1
            echo
        done
    done
    printf 'monitor_on: %s\n' "$(cat "$DBG/monitor_on")"
}

# Someone's stopped setup for damo to find: a paddr context with a region
# and a scheme in the debugfs directory, and a second context.
dbg_set_up() {
    echo "10000 200000 2000000 20 200" > "$DBG/attrs"
    echo paddr > "$DBG/target_ids"
    echo "0 4294967296 8589934592" > "$DBG/init_regions"
    printf '4096 18446744073709551615 0 10 5 4294967295 5 0 0 1000 0 0 0 0 0 0 0 0' > "$DBG/schemes"
    [ -d "$DBG/other" ] || echo other > "$DBG/mk_contexts"
    echo "20000 400000 4000000 10 100" > "$DBG/other/attrs"
    echo paddr > "$DBG/other/target_ids"
}

# A workload recorded through debugfs: DAMON started and put back through
# debugfs (sysfs untouched), the tracepoint through perf, the hot part
# found as through sysfs.
needs debugfs_record_hot_part debugfs tracepoint perf
scenario_debugfs_record_hot_part() {
    dbg_set_up
    local before
    before=$(dbg_all)
    damo_ok record "${DBGI[@]}" "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 8 \
        -o "$WORK/damon.data" --do_record access
    expect_match "$OUT" "Press Ctrl\+C to stop" "record said how to stop"
    kill_workloads
    expect_eq "$(dbg_all)" "$before" "every debugfs file as found"
    expect_kd nr_kdamonds 0
    expect_record_shows_hot_part "$WORK/damon.data" w
}

# damo's live snapshots are tried regions, which debugfs never had: one
# line says so and the running DAMON is left as it was; what debugfs
# offers, the schemes' statistics, shows in report damon.
needs debugfs_live_snapshot debugfs
scenario_debugfs_live_snapshot() {
    damo_ok start "${DBGI[@]}" "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --damos_action stat
    wait_workload w
    sleep 2
    local before kpid
    before=$(dbg_params); kpid=$(dbg kdamond_pid)
    damo_err report access "${DBGI[@]}"
    expect_match "$ERR" "debugfs interface has no DAMOS tried regions" "report access says why"
    damo_err report access "${DBGI[@]}" --input tried_regions_of 0 0 0
    expect_match "$ERR" "no DAMOS tried regions" "tried_regions_of says why"
    expect_eq "$(dbg_params)" "$before" "the running DAMON's files untouched"
    expect_dbg kdamond_pid "$kpid"
    expect_dbg monitor_on on
    damo_ok report damon "${DBGI[@]}" --damos_stats --format json --raw
    expect_gt "$(jq_out '.[0][1].nr_tried')" 0 "the scheme's statistics instead"
    damo_ok stop "${DBGI[@]}"
}

# damo schemes puts DAMON's debugfs files back byte for byte: when its
# workload ends (the kernel ends the kdamond), and on Ctrl+C with two
# kdamonds (a context made and removed, the found one made again).
needs debugfs_schemes_restore debugfs
scenario_debugfs_schemes_restore() {
    dbg_set_up
    local before
    before=$(dbg_all)
    damo_ok schemes "${DBGI[@]}" "$(workload w 64 8 16 4)" --monitoring_intervals 5ms 100ms 1s \
        --damos_action pageout --damos_access_rate 0% 0% --damos_age 1s max
    expect_match "$OUT" "Press Ctrl\+C to stop" "schemes said how to stop"
    expect_eq "$(dbg_all)" "$before" "every debugfs file as found (workload ended)"

    start_workload w2 64 8 16
    "$DAMO" schemes "${DBGI[@]}" --kdamond --damon_ctx --ops vaddr --damon_target --target_pid "$(info w2 pid)" \
        --damos_action stat --kdamond --damon_ctx --ops paddr --damon_target --damos_action stat \
        > "$WORK/schemes.out" 2>&1 < /dev/null &
    local spid=$! i
    for i in $(seq 100); do [ "$(dbg ctx1/kdamond_pid)" != none ] && [ -f "$DBG/ctx1/kdamond_pid" ] && break; sleep 0.1; done
    expect_kdamond_thread .
    expect_kdamond_thread ctx1
    [ -d "$DBG/other" ] && fail "the found context 'other' should be replaced while schemes runs"
    sleep 2
    kill -INT "$spid"
    wait "$spid"
    local rc=$?
    sed 's/^/    /' "$WORK/schemes.out"
    expect_match "$rc" '^(0|2)$' "schemes ended on SIGINT (status $rc)"
    expect_match "$(cat "$WORK/schemes.out")" "signal 2 received" "schemes saw the signal"
    expect_eq "$(dbg_all)" "$before" "every debugfs file as found (Ctrl+C, two kdamonds)"
    expect_kd nr_kdamonds 0
}
