# trace-cmd (the host's, which the guest shares) as damo's tracer on the
# real 6.1 kernel: `record --damon_tracer trace-cmd` stopped by its
# timeout and by SIGINT writes a record of the workload's regions, with
# tracefs as found afterwards.  (Uses 61-record-tracefs.sh's checks, which
# the guest sources before this file.)  Not checked yet: the hot part (in
# the emulated guest these records showed no access at all, while a
# trace-cmd started beside `damo start` saw them) and live `report trace
# --tracer trace-cmd` (its trace-cmd stream did not end on damo's SIGINT
# within minutes); see README's Not done yet.

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
    damo_ok report access --raw_form --input "$WORK/trace-cmd.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
    expect_ge "$(grep -c monitoring_start <<<"$OUT")" 20 "snapshots in 8 s of 100 ms aggregations"
}

needs record_trace_cmd_sigint sysfs tracepoint !tried_regions
scenario_record_trace_cmd_sigint() {
    local before pid i
    before=$(tracefs_state)
    "$DAMO" record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data" \
        --damon_tracer trace-cmd --do_record access > "$WORK/stdout" 2> "$WORK/stderr" < /dev/null &
    pid=$!
    for i in $(seq 300); do
        grep -q "Press Ctrl" "$WORK/stdout" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    wait_workload w
    sleep 4
    pgrep -x trace-cmd > /dev/null || fail "no trace-cmd runs while damo records"
    expect_eq "$(cat /sys/kernel/tracing/events/damon/damon_aggregated/enable)" 1 "damon_aggregated enabled by trace-cmd"
    log "kill -INT damo"
    kill -INT "$pid"
    wait "$pid"
    RC=$?
    log "damo exited $RC: $(cat "$WORK/stdout" "$WORK/stderr" | tr '\n' ' ')"
    kill_workloads
    expect_eq "$RC" 2 "exit status after SIGINT (the signal number)"
    expect_clean 0
    pgrep -x trace-cmd > /dev/null && fail "trace-cmd still runs after damo ended"
    expect_eq "$(tracefs_state)" "$before" "tracefs after SIGINT"
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
}
