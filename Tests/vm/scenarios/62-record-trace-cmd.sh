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
    record_hot_workload "$WORK/trace-cmd.data" w --damon_tracer trace-cmd --do_record access
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

# Live through `trace-cmd stream`: damo sends SIGINT to its process
# group, as a terminal's Ctrl-C would, on which trace-cmd 3.1.6 in the
# 6.1 guest ended once and once not (its parent waited in poll() for
# ever): then damo kills it after 5 s without progress and says so in one
# line, with what it showed kept, tracefs put back and its usual exit
# status (a stream writes no file a kill could spoil).
needs report_trace_live_trace_cmd sysfs tracepoint !tried_regions
scenario_report_trace_live_trace_cmd() {
    LIVE_TRACER=trace-cmd expect_live_report_trace --tracer trace-cmd
    # (damo itself may take longer, showing what the slow guest had not
    # shown yet)
    expect_le "$PROG_ENDED" 60 "seconds trace-cmd ran on after SIGINT"
    expect_match "$(head -3 "$WORK/saved.trace" | tail -1)" "^damo_report_trace_output_tracer: trace-cmd$" "the saved trace's tracer"
    pgrep -x trace-cmd > /dev/null && fail "trace-cmd still runs after damo ended"
    log "ok: no trace-cmd runs"
}
