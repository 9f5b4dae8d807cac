# DAMOS tried regions on a real kernel (6.2+): `report access` of the
# running DAMON and `record`'s snapshots, checked against the kernel's
# files and the damon:damon_aggregated tracepoint.

# One snapshot of the running DAMON: the workload's hot part is the
# hottest; the kdamond's parameter files are as before (also with a
# scheme of the user's there); an existing scheme's tried regions.
needs live_snapshot_report_access sysfs tried_regions
scenario_live_snapshot_report_access() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local pid kpid
    pid=$(info w pid); kpid=$(kd 0/pid)
    sleep 3
    kd_params 0 > "$WORK/before"
    damo_ok report access --raw_form
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$(info w buf_start)" "$(info w buf_end)" "$(info w hot_start)" "$(info w hot_end)" 1
    expect_params_as 0 "$WORK/before"
    expect_kd 0/contexts/0/schemes/nr_schemes 0
    expect_kd 0/pid "$kpid"
    damo_ok report access
    expect_match "$OUT" "^total size: " "the detailed report of the live snapshot"

    expect_workload_runs w
    # A scheme of the user's: stat of what was accessed in 5% of samples.
    damo_ok tune --target_pid "$pid" --monitoring_intervals 5ms 100ms 1s --damos_action stat --damos_access_rate 5% max
    expect_kd 0/pid "$kpid"
    sleep 2
    kd_params 0 > "$WORK/before2"
    damo_ok report access --raw_form
    printf '%s\n' "$OUT" > "$WORK/raw2.txt"
    expect_hot "$WORK/raw2.txt" "$(info w buf_start)" "$(info w buf_end)" "$(info w hot_start)" "$(info w hot_end)" 1
    expect_params_as 0 "$WORK/before2"
    expect_kd 0/contexts/0/schemes/nr_schemes 1
    expect_kd 0/pid "$kpid"

    # That scheme's own tried regions: accessed ones only, the hot part
    # among them.
    damo_ok report access --raw_form --input tried_regions_of 0 0 0
    printf '%s\n' "$OUT" > "$WORK/tried.txt"
    /usr/bin/python3 - "$WORK/tried.txt" "$(info w hot_start)" "$(info w hot_end)" > "$WORK/check.txt" 2>&1 <<'EOF'
import re, sys
rows = [(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3)))
        for m in (re.match(r'^([0-9a-f]+)-([0-9a-f]+)\s+\([^)]*\)\s+(\d+)\s+\d+\s*$', l) for l in open(sys.argv[1])) if m]
hs, he = int(sys.argv[2]), int(sys.argv[3])
covered = sum(max(0, min(e, he) - max(s, hs)) for s, e, _ in rows)
print(f'{len(rows)} regions, lowest nr_accesses {min(n for _, _, n in rows) if rows else None}, '
      f'hot part covered {covered / (he - hs):.0%}')
sys.exit(0 if rows and min(n for _, _, n in rows) >= 1 and covered >= 0.8 * (he - hs) else 1)
EOF
    local rc=$?
    sed 's/^/    /' "$WORK/check.txt"
    [ "$rc" = 0 ] || fail "tried_regions_of 0 0 0: $(tail -1 "$WORK/check.txt")"
    expect_params_as 0 "$WORK/before2"
    damo_ok stop
}

# record through tried regions (no perf) while perf records the
# damon_aggregated tracepoint: the same regions and counts for each
# aggregation interval, one snapshot per interval; the hot part hottest,
# the median working set near its size; validate passes; the running
# kdamond (not damo's) left as it was.
needs record_tried_regions_vs_tracepoint sysfs tried_regions tracepoint perf
scenario_record_tried_regions_vs_tracepoint() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local kpid
    kpid=$(kd 0/pid)
    sleep 2
    kd_params 0 > "$WORK/before"
    log "perf record -e damon:damon_aggregated -a -k CLOCK_MONOTONIC, in the background"
    perf record -q -e damon:damon_aggregated -a -k CLOCK_MONOTONIC -o "$WORK/perf.data" -- sleep 40 \
        > "$WORK/perf.log" 2>&1 &
    local perf=$!
    sleep 2
    damo_ok record --timeout 8 -o "$WORK/damon.data" --do_record access
    kill -INT $perf
    wait $perf
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_params_as 0 "$WORK/before"
    damo_ok report access --json --raw_number --input "$WORK/damon.data"
    printf '%s\n' "$OUT" > "$WORK/tried.json"
    damo_ok report access --json --raw_number --input "$WORK/perf.data"
    printf '%s\n' "$OUT" > "$WORK/trace.json"
    # (all intervals were captured on an idle 2-CPU host; a loaded one
    # slows the emulated guest, and damo with it)
    /usr/bin/python3 "$VM_DIR/tried_vs_trace.py" "$WORK/tried.json" "$WORK/trace.json" 0.6 > "$WORK/compare.txt" 2>&1
    local rc=$?
    sed 's/^/    /' "$WORK/compare.txt"
    [ "$rc" = 0 ] || fail "$(tail -1 "$WORK/compare.txt")"
    log "ok: $(tail -1 "$WORK/compare.txt")"
    expect_record_shows_hot_part "$WORK/damon.data" w
    damo_ok validate --input "$WORK/damon.data"
    damo_ok stop
}

# --snapshot DELAY COUNT: COUNT snapshots of the kernel's regions, with
# the snapshot scheme's statistics, DELAY apart.
needs record_snapshot_delay_count sysfs tried_regions
scenario_record_snapshot_delay_count() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    sleep 2
    kd_params 0 > "$WORK/before"
    damo_ok record --snapshot 1 4 -o "$WORK/damon.data" --do_record access
    expect_params_as 0 "$WORK/before"
    damo_ok report access --json --raw_number --input "$WORK/damon.data"
    expect_eq "$(jq_out '[.[].snapshots[]] | length')" 4 "snapshots recorded"
    expect_eq "$(jq_out '[.[].snapshots[] | select((.regions | length) < 3)] | length')" 0 "snapshots with under 3 regions"
    expect_eq "$(jq_out '[.[].snapshots[] | select(.damos_stats == null)] | length')" 0 "snapshots without scheme statistics"
    local gaps
    gaps=$(jq_out '[.[].snapshots[].end_time | gsub(","; "") | tonumber] | [range(1; length) as $i | (.[$i] - .[$i - 1]) / 1e6 | floor] | join(" ")')
    log "milliseconds between snapshots: $gaps"
    local g
    for g in $gaps; do expect_ge "$g" 1000 "milliseconds between snapshots"; done
    damo_ok stop
}
