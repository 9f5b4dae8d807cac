# damo record on the real 6.1 kernel without perf: DAMON's tracepoint read
# straight from tracefs (in a trace instance of damo's own), compared with
# the same workload recorded through perf: the same hot part and a similar
# working set; tracefs as found afterwards, after SIGINT too.  (Uses
# 60-record.sh's checks, which the guest sources before this file.)

# What damo may change in tracefs: the main buffer's switches, size and
# clock, DAMON's events' enable files, and the instances.  (The size's
# "(expanded: N)" note goes once any event was enabled; the kernel keeps
# that flag, and damo gives the memory back.)
tracefs_state() {
    local t=/sys/kernel/tracing
    {
        echo "tracing_on $(cat $t/tracing_on)"
        echo "buffer_size_kb $(cut -d' ' -f1 $t/buffer_size_kb)"
        echo "trace_clock $(cat $t/trace_clock)"
        for e in $t/events/damon/*/enable; do echo "$e $(cat "$e")"; done
        echo "instances: $(ls $t/instances)"
    }
}

# A damo whose PATH has no perf (only what the workload's command needs).
damo_without_perf() {
    mkdir -p "$WORK/noperf-bin"
    ln -sf "$(command -v taskset)" "$WORK/noperf-bin/taskset"
    printf '#!/bin/sh\nPATH=%s exec %s "$@"\n' "$WORK/noperf-bin" "$DAMO" > "$WORK/damo-noperf"
    chmod +x "$WORK/damo-noperf"
    echo "$WORK/damo-noperf"
}

# The median working set size of record $1.
median_wss() {
    damo_ok report wss --raw_number --input "$1" --exclude_samples 0 --range 50 51 1
    awk '$1 == 50 { print $2 }' <<<"$OUT"
}

needs record_tracefs_without_perf sysfs tracepoint perf !tried_regions
scenario_record_tracefs_without_perf() {
    local before damo=$DAMO
    before=$(tracefs_state)
    DAMO=$(damo_without_perf)
    damo_ok record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 8 -o "$WORK/tracefs.data" \
        --do_record access mem_footprint
    DAMO=$damo
    expect_match "$OUT" "perf \('perf'\) is not installed; recording DAMON's tracepoints from tracefs \(/sys/kernel/tracing\)" \
        "record said it reads tracefs"
    kill_workloads
    expect_clean 0
    expect_eq "$(tracefs_state)" "$before" "tracefs after the recording"
    [ -z "$(ls -A "$WORK" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$WORK")"
    expect_record_shows_hot_part "$WORK/tracefs.data" w
    local wss_tracefs wss_perf
    wss_tracefs=$(median_wss "$WORK/tracefs.data")

    # The same workload through perf.
    damo_ok record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 8 -o "$WORK/perf.data" \
        --do_record access
    kill_workloads
    expect_clean 0
    expect_record_shows_hot_part "$WORK/perf.data" w
    wss_perf=$(median_wss "$WORK/perf.data")
    # Similar: within a factor of two of each other.
    expect_le "$wss_tracefs" $((wss_perf * 2)) "tracefs record's median wss vs 2 x perf's ($wss_perf)"
    expect_le "$wss_perf" $((wss_tracefs * 2)) "perf record's median wss vs 2 x tracefs's ($wss_tracefs)"
    expect_eq "$(tracefs_state)" "$before" "tracefs after both recordings"
}

needs record_tracefs_sigint sysfs tracepoint !tried_regions
scenario_record_tracefs_sigint() {
    local before pid i
    before=$(tracefs_state)
    "$DAMO" record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data" \
        --damon_tracer tracefs --do_record access > "$WORK/stdout" 2> "$WORK/stderr" < /dev/null &
    pid=$!
    for i in $(seq 300); do grep -q "Press Ctrl" "$WORK/stdout" 2>/dev/null && break; sleep 0.1; done
    wait_workload w
    sleep 4
    # While recording: the instance, with DAMON's event enabled; the main
    # buffer's event untouched.
    expect_eq "$(cat /sys/kernel/tracing/instances/damo-record-*/events/damon/damon_aggregated/enable)" 1 \
        "the instance's damon_aggregated enable"
    expect_eq "$(cat /sys/kernel/tracing/events/damon/damon_aggregated/enable)" 0 "the main buffer's enable"
    log "kill -INT damo"
    kill -INT "$pid"
    wait "$pid"
    RC=$?
    log "damo exited $RC: $(cat "$WORK/stdout" "$WORK/stderr" | tr '\n' ' ')"
    kill_workloads
    expect_eq "$RC" 2 "exit status after SIGINT (the signal number)"
    expect_clean 0
    expect_eq "$(tracefs_state)" "$before" "tracefs after SIGINT"
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
}
