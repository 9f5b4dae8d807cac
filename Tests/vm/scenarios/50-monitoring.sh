# Monitoring results are real: the damon:damon_aggregated tracepoint,
# recorded with perf while damo's kdamond runs and read back with
# `damo report access --raw_form`, shows the workload's hot part as hot.

# Records the tracepoint for $1 seconds into $WORK/perf.data and checks
# that its events come from kdamond $2's thread.
record_aggregated() {
    log "perf record -e damon:damon_aggregated -a for $1 s"
    perf record -q -e damon:damon_aggregated -a -o "$WORK/perf.data" -- sleep "$1" > "$WORK/perf.log" 2>&1 \
        || fail "perf record failed: $(tail -3 "$WORK/perf.log")"
    local first kpid
    kpid=$(kd "$2/pid")
    first=$(perf script -i "$WORK/perf.data" 2>/dev/null | head -1)
    log "first event: $first"
    expect_match "$first" "kdamond\.$2 +$kpid " "events come from kdamond $2 (pid $kpid)"
}

# $1: the recording's raw form; the rest: hotness.py's address arguments.
expect_hot() {
    local raw=$1; shift
    /usr/bin/python3 "$VM_DIR/hotness.py" "$raw" "$@" > "$WORK/hotness.txt" 2>&1
    local rc=$?
    sed 's/^/    /' "$WORK/hotness.txt"
    [ "$rc" = 0 ] || fail "$(tail -1 "$WORK/hotness.txt")"
    log "ok: $(tail -1 "$WORK/hotness.txt")"
}

needs monitoring_hot_part_vaddr once sysfs tracepoint perf
scenario_monitoring_hot_part_vaddr() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    sleep 3
    record_aggregated 4 0
    expect_kd 0/state on
    damo_ok report access --raw_form --input "$WORK/perf.data"
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$(info w buf_start)" "$(info w buf_end)" "$(info w hot_start)" "$(info w hot_end)"
    damo_ok stop
}

# fvaddr on exactly the workload's buffer: the hot part within it.
needs monitoring_hot_part_fvaddr once sysfs tracepoint perf
scenario_monitoring_hot_part_fvaddr() {
    start_workload w 64 8 40
    damo_ok start --ops fvaddr --target_pid "$(info w pid)" --regions "$(info w buf_start)-$(info w buf_end)" \
        --monitoring_intervals 5ms 100ms 1s
    expect_kd 0/contexts/0/operations fvaddr
    sleep 3
    record_aggregated 4 0
    damo_ok report access --raw_form --input "$WORK/perf.data"
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$(info w buf_start)" "$(info w buf_end)" "$(info w hot_start)" "$(info w hot_end)"
    damo_ok stop
}

# paddr on all of the guest's memory: the workload's hot pages (their page
# frames, from /proc/self/pagemap) are in the regions DAMON finds hot.
needs monitoring_hot_part_paddr once sysfs tracepoint perf
scenario_monitoring_hot_part_paddr() {
    start_workload w 64 16 16
    grep '^hot_pfn ' "$WORK/w.info" > "$WORK/hot_pfns"
    expect_ge "$(wc -l < "$WORK/hot_pfns")" 4096 "hot page frames known"
    damo_ok start paddr --monitoring_intervals 5ms 100ms 1s
    expect_kd 0/contexts/0/operations paddr
    local start end
    start=$(kd 0/contexts/0/targets/0/regions/0/start); end=$(kd 0/contexts/0/targets/0/regions/0/end)
    # (all of a 1 GiB guest's memory: DAMON takes a while to find 256
    # scattered runs of hot pages)
    sleep 10
    record_aggregated 4 0
    damo_ok report access --raw_form --input "$WORK/perf.data"
    printf '%s\n' "$OUT" > "$WORK/raw.txt"
    expect_hot "$WORK/raw.txt" "$start" "$end" "pfns:$WORK/hot_pfns" -
    damo_ok stop
}
