# trace-cmd (the host's, which the guest shares) as damo's tracer on the
# real 6.1 kernel: `record --damon_tracer trace-cmd` stopped by its
# timeout and by SIGINT finds the workload's hot part as the tracefs
# recording does; live `report trace --tracer trace-cmd` shows DAMON's
# events and ends soon after SIGINT; tracefs as found afterwards.  (Uses
# 61-record-tracefs.sh's checks, which the guest sources before this
# file.)

needs record_trace_cmd sysfs tracepoint !tried_regions
scenario_record_trace_cmd() {
    local before
    command -v trace-cmd > /dev/null || fail "trace-cmd is not installed (scripts/test.sh installs it)"
    before=$(tracefs_state)
    damo_ok record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 8 -o "$WORK/trace-cmd.data" \
        --damon_tracer trace-cmd --do_record access
    kill_workloads
    expect_clean 0
    expect_eq "$(tracefs_state)" "$before" "tracefs after the recording"
    # (trace-cmd writes per-CPU files beside its raw output while it records)
    [ -z "$(ls -A "$WORK" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$WORK")"
    expect_steady_hot_part "$WORK/trace-cmd.data" w
}

needs record_trace_cmd_sigint sysfs tracepoint !tried_regions
scenario_record_trace_cmd_sigint() {
    local before
    before=$(tracefs_state)
    damo_in_background record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data" \
        --damon_tracer trace-cmd --do_record access
    pgrep -x trace-cmd > /dev/null || fail "no trace-cmd runs while damo records"
    expect_eq "$(cat /sys/kernel/tracing/events/damon/damon_aggregated/enable)" 1 "damon_aggregated enabled by trace-cmd"
    signal_background_damo INT
    kill_workloads
    expect_eq "$RC" 2 "exit status after SIGINT (the signal number)"
    expect_clean 0
    pgrep -x trace-cmd > /dev/null && fail "trace-cmd still runs after damo ended"
    expect_eq "$(tracefs_state)" "$before" "tracefs after SIGINT"
    expect_steady_hot_part "$WORK/damon.data" w noheatmap
}

# Live through `trace-cmd stream`: damo's kdamond's regions in damo's
# form until SIGINT, which ends trace-cmd too (damo signals its process
# group, as a terminal's Ctrl-C would: the parent alone waits for ever);
# the --output file read back as it was shown.
needs report_trace_live_trace_cmd sysfs tracepoint !tried_regions
scenario_report_trace_live_trace_cmd() {
    local before i
    before=$(tracefs_state)
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    "$DAMO" report trace --tracer trace-cmd --output "$WORK/saved.trace" > "$WORK/live.out" 2> "$WORK/live.err" < /dev/null &
    BG_PID=$!
    # (until damo ended too: each round spawns processes, slow in the guest)
    for i in $(seq 300); do
        grep -q "damon:damon_aggregated" "$WORK/live.out" 2>/dev/null && break
        kill -0 "$BG_PID" 2>/dev/null || break
        sleep 0.1
    done
    sleep 2
    signal_background_damo INT
    expect_eq "$RC" 0 "exit status after SIGINT (damo's)"
    # (trace-cmd stops within seconds; damo would kill it after 5 s
    # without progress, and fail)
    expect_le "$WAITED" 30 "seconds from SIGINT to damo's end"
    # 6.1 has only damon_aggregated: trace-cmd is asked for it alone.
    expect_match "$(cat "$WORK/live.err")" "^damo: this kernel lacks .*; tracing damon:damon_aggregated$" \
        "the events the kernel lacks are named"
    expect_eq "$(wc -l < "$WORK/live.err")" 1 "stderr lines"
    expect_match "$(head -1 "$WORK/live.out")" \
        "^[0-9]+\.[0-9]+ (kdamond\.0|<\.\.\.>)-[0-9]+ damon:damon_aggregated 0 0/[0-9]+ [0-9.]+ [KMGT]iB \([0-9.]+ [KMGT]?i?B\) [0-9]+ [0-9]+$" \
        "the first line is a region of damo's kdamond in damo's form"
    expect_eq "$(tail -1 "$WORK/live.out")" "signal 2 received" "damo said why it stopped"
    expect_match "$(head -3 "$WORK/saved.trace" | tail -1)" "^damo_report_trace_output_tracer: trace-cmd$" "the saved trace's tracer"
    damo_ok report trace --input "$WORK/saved.trace"
    expect_eq "$OUT" "$(sed '$d' "$WORK/live.out")" "the saved trace, read back"
    damo_ok stop
    kill_workloads
    expect_no_kdamond_on
    pgrep -x trace-cmd > /dev/null && fail "trace-cmd still runs after damo ended"
    expect_eq "$(tracefs_state)" "$before" "tracefs after report trace"
}
