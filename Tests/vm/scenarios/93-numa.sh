# NUMA on a 2-node guest (6.11+): migrate_cold and migrate_hot with a
# target node move the workload's pages between nodes, as move_pages(2)
# sees them, and the schemes are applied once per apply interval, as the
# damos_before_apply tracepoint shows.

# "node N: COUNT" lines for the pages of workload $1 in [$2, $3).
page_nodes() {
    /usr/bin/python3 "$VM_DIR/pagenodes.py" "$(info "$1" pid)" "$2" "$3"
}
nodes_count() { awk -v n="node $2:" '$1" "$2 == n { print $3; found = 1 } END { if (!found) print 0 }' <<<"$1"; }

# Waits up to $5 seconds for at least $4 pages of [$2, $3) of workload $1
# on node $6; fails with the counts otherwise.
wait_pages_on() {
    local w=$1 s=$2 e=$3 want=$4 secs=$5 node=$6 i counts=""
    for (( i = 0; i < secs; i += 2 )); do
        counts=$(page_nodes "$w" "$s" "$e")
        [ "$(nodes_count "$counts" "$node")" -ge "$want" ] && break
        sleep 2
    done
    log "pages of [$s, $e) after $i s: $(tr '\n' ' ' <<<"$counts")"
    expect_ge "$(nodes_count "$counts" "$node")" "$want" "pages on node $node"
}

needs numa_migrate_cold_hot sysfs migrate numa2 apply_interval damos_tracepoint perf
scenario_numa_migrate_cold_hot() {
    start_workload w 64 8 16
    local bs be hs he lo hi
    bs=$(info w buf_start); be=$(info w buf_end); hs=$(info w hot_start); he=$(info w hot_end)
    lo=$(( $(info w pfn_min) * 4096 )); hi=$(( ($(info w pfn_max) + 1) * 4096 ))
    local counts
    counts=$(page_nodes w "$bs" "$be")
    log "the workload's pages ([$lo, $hi) physical): $(tr '\n' ' ' <<<"$counts")"
    expect_ge "$(nodes_count "$counts" 0)" 16000 "pages on node 0 at first (its CPU's)"
    expect_le "$hi" $(( 512 << 20 )) "the workload's pages within node 0's memory"

    # First a stat scheme applied once a second: the tracepoint before
    # each application comes in bursts a second (stretched by the
    # emulation) apart, not an aggregation interval.  (Timed alone:
    # migrations spread one application's events.)
    local params=(paddr --regions "$lo-$hi" --monitoring_intervals 5ms 100ms 1s)
    damo_ok start "${params[@]}" --damos_action stat --damos_apply_interval 1s
    local s=0/contexts/0/schemes/0 kpid
    kpid=$(kd 0/pid)
    expect_kd $s/apply_interval_us 1000000
    perf record -q -e damon:damos_before_apply -a -k CLOCK_MONOTONIC -o "$WORK/perf.data" -- sleep 6 \
        > "$WORK/perf.log" 2>&1 || fail "perf record: $(tail -3 "$WORK/perf.log")"
    perf script -i "$WORK/perf.data" -F time 2>/dev/null | tr -d ' :' > "$WORK/times"
    /usr/bin/python3 - "$WORK/times" > "$WORK/bursts.txt" 2>&1 <<'EOF'
import sys
times = sorted(float(l) for l in open(sys.argv[1]) if l.strip())
bursts = [t for i, t in enumerate(times) if i == 0 or t - times[i - 1] > 0.05]
gaps = [b - a for a, b in zip(bursts, bursts[1:])]
print(f'{len(times)} events in {len(bursts)} applications; seconds between them: '
      + ' '.join(f'{g:.2f}' for g in gaps))
sys.exit(0 if len(gaps) >= 2 and min(gaps) >= 0.9 else 1)
EOF
    local rc=$?
    sed 's/^/    /' "$WORK/bursts.txt"
    [ "$rc" = 0 ] || fail "applications not a second apart: $(cat "$WORK/bursts.txt")"
    log "ok: applied once per apply interval"

    # Cold pages to node 1, checked once a second.
    damo_ok tune "${params[@]}" \
        --damos_action migrate_cold 1 --damos_access_rate 0% 0% --damos_age 2s max --damos_apply_interval 1s
    expect_kd 0/pid "$kpid"
    expect_kd $s/action migrate_cold
    expect_kd $s/target_nid 1
    expect_kd $s/apply_interval_us 1000000
    # Most of the 56 MiB the workload leaves alone (14336 pages).
    wait_pages_on w "$bs" "$be" 8000 90 1
    counts=$(page_nodes w "$hs" "$he")
    log "the hot part: $(tr '\n' ' ' <<<"$counts")"
    expect_ge "$(nodes_count "$counts" 0)" 1024 "hot pages left on node 0 (of 2048)"
    damo_ok report damon --damos_stats --format json --raw
    expect_gt "$(jq_out '.[0][1].sz_applied')" $(( 16 << 20 )) "bytes migrate_cold applied"

    # The hot part to node 1 too.
    damo_ok tune "${params[@]}" --damos_action migrate_hot 1 --damos_access_rate 10% max --damos_apply_interval 1s
    expect_kd $s/action migrate_hot
    expect_kd $s/target_nid 1
    wait_pages_on w "$hs" "$he" 1500 90 1
    damo_ok stop
    kill_workloads
}
