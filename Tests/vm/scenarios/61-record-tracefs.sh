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

# The 90th percentile working set size of record $1: the workload's
# steady phase.  (Not the median: tracefs records from the first
# aggregation on, the shell before it execs the workload and the
# workload's start included, while perf starts a second or two later in
# the emulated guest, so the two records' medians cover different phases.)
# (In $STEADY: damo_ok logs to standard output.)
steady_wss() {
    damo_ok report wss --raw_number --input "$1" --exclude_samples 0 --range 90 91 1
    STEADY=$(awk '$1 == 90 { print $2 }' <<<"$OUT")
}

# The hot part of workload $2 is what record $1 shows hot (raw form, and
# the heatmap unless $3 is "noheatmap": 60-record.sh checks perf's), and
# its steady working set is about the hot part (8 MiB of 64).
expect_steady_hot_part() {
    local rec=$1 w=$2 base wss
    damo_ok report access --raw_form --input "$rec"
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$(info "$w" buf_start)" "$(info "$w" buf_end)" "$(info "$w" hot_start)" "$(info "$w" hot_end)"
    [ "${3:-}" = noheatmap ] || damo_ok report heatmap --output raw --input "$rec" --address_range "$(info "$w" buf_start)" "$(info "$w" buf_end)"
    printf '%s\n' "$OUT" > "$WORK/heatmap.txt"
    base=$(info "$w" buf_start)
    [ "${3:-}" = noheatmap ] ||
        expect_heatmap_hot "$WORK/heatmap.txt" $(($(info "$w" hot_start) - base)) $(($(info "$w" hot_end) - base))
    steady_wss "$rec"
    wss=$STEADY
    expect_ge "$wss" $((4 << 20)) "steady working set size"
    expect_le "$wss" $((48 << 20)) "steady working set size"
}

# `damo record` (options $3...) into $1 of workload $2, started first:
# its start (64 MiB touched, its pages looked up) can outlast the 8 s
# recorded in the emulated guest on a busy host, and a recording of it
# all shows no access at all.
record_hot_workload() {
    local out=$1 w=$2
    shift 2
    start_workload "$w" 64 8 16
    damo_ok record --target_pid "$(info "$w" pid)" --monitoring_intervals 5ms 100ms 1s --timeout 8 -o "$out" "$@"
    kill_workloads
}

needs record_tracefs_without_perf sysfs tracepoint perf !tried_regions
scenario_record_tracefs_without_perf() {
    local before damo=$DAMO
    before=$(tracefs_state)
    DAMO=$(damo_without_perf)
    record_hot_workload "$WORK/tracefs.data" w --do_record access mem_footprint
    DAMO=$damo
    expect_match "$OUT" "perf \('perf'\) is not installed; recording DAMON's tracepoints from tracefs \(/sys/kernel/tracing\)" \
        "record said it reads tracefs"
    expect_clean 0
    expect_eq "$(tracefs_state)" "$before" "tracefs after the recording"
    [ -z "$(ls -A "$WORK" | grep '^\.')" ] || fail "temporary files left: $(ls -A "$WORK")"
    expect_steady_hot_part "$WORK/tracefs.data" w
    local wss_tracefs wss_perf
    steady_wss "$WORK/tracefs.data"
    wss_tracefs=$STEADY

    # The same workload through perf.
    record_hot_workload "$WORK/perf.data" w2 --do_record access
    expect_clean 0
    expect_steady_hot_part "$WORK/perf.data" w2 noheatmap
    steady_wss "$WORK/perf.data"
    wss_perf=$STEADY
    # Similar: within a factor of two of each other.
    expect_le "$wss_tracefs" $((wss_perf * 2)) "tracefs record's steady wss vs 2 x perf's ($wss_perf)"
    expect_le "$wss_perf" $((wss_tracefs * 2)) "perf record's steady wss vs 2 x tracefs's ($wss_tracefs)"
    expect_eq "$(tracefs_state)" "$before" "tracefs after both recordings"
}

needs record_tracefs_sigint sysfs tracepoint !tried_regions
scenario_record_tracefs_sigint() {
    local before
    before=$(tracefs_state)
    damo_in_background record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s -o "$WORK/damon.data" \
        --damon_tracer tracefs --do_record access
    # While recording: the instance, with DAMON's event enabled; the main
    # buffer's event untouched.
    expect_eq "$(cat /sys/kernel/tracing/instances/damo-record-*/events/damon/damon_aggregated/enable)" 1 \
        "the instance's damon_aggregated enable"
    expect_eq "$(cat /sys/kernel/tracing/events/damon/damon_aggregated/enable)" 0 "the main buffer's enable"
    signal_background_damo INT
    kill_workloads
    expect_eq "$RC" 2 "exit status after SIGINT (the signal number)"
    expect_clean 0
    expect_eq "$(tracefs_state)" "$before" "tracefs after SIGINT"
    damo_ok report access --raw_form --input "$WORK/damon.data"
    expect_match "$OUT" "nr_regions:" "the record has snapshots"
}

# `damo report trace` live (with options $@): DAMON's events of damo's
# kdamond until SIGINT, shown in damo's form, the events this kernel
# lacks named on stderr, the --output file read back as it was shown,
# tracefs as found afterwards.  (The output in $WORK/live.out; with
# $LIVE_TRACER set, the seconds that program ran on after SIGINT in
# $PROG_ENDED, and its being killed by damo accepted.)
expect_live_report_trace() {
    local before
    before=$(tracefs_state)
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    damo_background report trace "$@" --output "$WORK/saved.trace"
    wait_damo_says "damon:damon_aggregated"
    sleep 2
    signal_background_damo INT "${LIVE_TRACER:-}"
    # (damo_ok's runs write $WORK/stdout)
    mv "$WORK/stdout" "$WORK/live.out"
    local lines=1
    expect_eq "$RC" 0 "exit status after SIGINT (damo's)"
    if [ -n "${LIVE_TRACER:-}" ] && [ "$(wc -l < "$WORK/stderr")" = 2 ]; then
        # (trace-cmd stream in the 6.1 guest: see 62-record-trace-cmd.sh)
        expect_match "$(tail -1 "$WORK/stderr")" \
            "^damo: $LIVE_TRACER did not end after SIGINT \(5\.0 seconds without progress\); it was killed$" \
            "damo killed $LIVE_TRACER, which did not end, and said so"
        lines=2
    fi
    expect_match "$(head -1 "$WORK/stderr")" "^damo: this kernel lacks .*; tracing damon:damon_aggregated" \
        "the events the kernel lacks are named"
    expect_eq "$(wc -l < "$WORK/stderr")" "$lines" "stderr lines"
    # "<time> <comm>-<pid> damon:damon_aggregated <target> <i>/<nr> <start> (<size>) <accesses> <age>"
    # (trace-cmd names a comm it did not see "<...>")
    expect_match "$(head -1 "$WORK/live.out")" \
        "^[0-9]+\.[0-9]+ (kdamond\.0|<\.\.\.>)-[0-9]+ damon:damon_aggregated 0 0/[0-9]+ [0-9.]+ [KMGT]iB \([0-9.]+ [KMGT]?i?B\) [0-9]+ [0-9]+$" \
        "the first line is a region of damo's kdamond in damo's form"
    expect_eq "$(tail -1 "$WORK/live.out")" "signal 2 received" "damo said why it stopped"
    damo_ok report trace --input "$WORK/saved.trace"
    expect_eq "$OUT" "$(sed '$d' "$WORK/live.out")" "the saved trace, read back"
    damo_ok stop
    kill_workloads
    expect_no_kdamond_on
    expect_eq "$(tracefs_state)" "$before" "tracefs after report trace"
}

# Live from tracefs, in a trace instance of damo's own.
needs report_trace_live sysfs tracepoint
scenario_report_trace_live() {
    expect_live_report_trace
}
