# The older command lines (schemes with early damo's one-line scheme
# file), the read-only system commands (features, diagnose) and replay,
# on the real 6.1 kernel.

# Waits up to 10 s for kdamond 0 to be on.
wait_kdamond_on() {
    local i
    for i in $(seq 100); do
        [ "$(kd 0/state)" = on ] && { log "kdamond 0 on"; return 0; }
        sleep 0.1
    done
    fail "kdamond 0 did not turn on"
}

# Every DAMON file with its content (for "nothing was written").
damon_files() {
    # (one grep for all files: processes are slow to start in the guest;
    # -s: files that cannot be read, such as mk_contexts, say nothing)
    find "$ADMIN" /sys/kernel/debug/damon /sys/module/damon_reclaim/parameters \
        /sys/module/damon_lru_sort/parameters -type f -print0 2>/dev/null | sort -z | xargs -0 grep -Hs ''
}

# `damo schemes -c FILE <command>`: the one-line schemes applied while the
# workload runs; afterwards the kernel's files are as schemes found them.
needs schemes_single_line once sysfs
scenario_schemes_single_line() {
    printf '%s\n' '# min-size max-size min-acc max-acc min-age max-age action' \
        '4K        max      0       0       60s     max     pageout' \
        '2M max 90 max 100ms max hugepage' > "$WORK/s.damos"
    # What an earlier user left: a stopped paddr kdamond.
    damo_ok start paddr
    damo_ok stop
    expect_kd 0/contexts/0/operations paddr
    expect_kd 0/contexts/0/schemes/nr_schemes 0
    log "\$ damo schemes -c s.damos '$(workload w 16 4 4)' &"
    "$DAMO" schemes -c "$WORK/s.damos" "$(workload w 16 4 4)" > "$WORK/schemes.out" 2> "$WORK/schemes.err" < /dev/null &
    local dpid=$!
    wait_workload w
    wait_kdamond_on
    log "schemes: $(ps -o pid,stat,etime,cmd -p $dpid | tail -1)"
    log "files: $(damon_files | grep -E 'state|pid_target|operations|nr_schemes' | tr '\n' ' ')"
    local s=0/contexts/0/schemes
    expect_kd 0/contexts/0/operations vaddr
    expect_kd 0/contexts/0/targets/0/pid_target "$(info w pid)"
    expect_kd $s/nr_schemes 2
    expect_kd $s/0/action pageout
    expect_kd $s/0/access_pattern/sz/min 4096
    expect_kd $s/0/access_pattern/nr_accesses/max 0
    # 60 s in 100 ms aggregation intervals; 90 % of 20 samples.
    expect_kd $s/0/access_pattern/age/min 600
    expect_kd $s/1/action hugepage
    expect_kd $s/1/access_pattern/sz/min 2097152
    expect_kd $s/1/access_pattern/nr_accesses/min 18
    # The workload ends: so does schemes.
    kill_workloads
    wait $dpid
    expect_eq "$?" 0 "schemes exit status"
    expect_eq "$(cat "$WORK/schemes.out")" "Press Ctrl+C to stop" "schemes output"
    expect_match "$(cat "$WORK/schemes.err")" "WARNING: single line scheme input is deprecated" "damo's notice"
    # The workload is gone and the files hold what they held before.
    expect_kd 0/state off
    expect_kd 0/contexts/0/operations paddr
    expect_kd $s/nr_schemes 0
    expect_clean 1
}

# Ctrl+C ends schemes: DAMON off, nothing left.
needs schemes_signal once sysfs
scenario_schemes_signal() {
    log "\$ damo schemes paddr --damos_action stat &"
    "$DAMO" schemes paddr --damos_action stat > "$WORK/schemes.out" 2> "$WORK/schemes.err" < /dev/null &
    local dpid=$!
    wait_kdamond_on
    expect_kd 0/contexts/0/operations paddr
    expect_kd 0/contexts/0/schemes/0/action stat
    sleep 1
    kill -INT $dpid
    wait $dpid
    expect_eq "$?" 0 "schemes exit status"
    expect_match "$(cat "$WORK/schemes.out")" "signal 2 received" "schemes says why it ends"
    [ -s "$WORK/schemes.err" ] && fail "stderr: $(cat "$WORK/schemes.err")"
    expect_clean 0
}

# features on 6.1, from its files: nothing is written, what 6.1 has is
# there and what came later is not.
needs features_of_6_1 sysfs debugfs !tried_regions
scenario_features_of_6_1() {
    damon_files > "$WORK/before"
    damo_ok features
    damon_files > "$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || fail "features changed DAMON's files: $(diff "$WORK/before" "$WORK/after" | head)"
    log "ok: nothing written"
    local f
    for f in interface/damon_sysfs interface/damon_debugfs interface/damon_reclaim interface/damon_lru_sort \
             sysfs/vaddr sysfs/paddr sysfs/fvaddr sysfs/schemes sysfs/online_params_commit debugfs/schemes \
             debugfs/init_regions debugfs/init_regions_target_idx reclaim/commit_inputs reclaim/stats \
             trace/damon_aggregated; do
        expect_match "$OUT" "^$f: Supported$" "$f supported"
    done
    for f in sysfs/schemes_tried_regions sysfs/schemes_filters sysfs/schemes_quota_goals sysfs/refresh_ms \
             sysfs/addr_unit debugfs/record reclaim/skip_anon interface/damon_stat trace/damos_before_apply; do
        expect_match "$OUT" "^$f: Unsupported$" "$f unsupported"
    done
    expect_kd nr_kdamonds 0
    # With a kdamond's directories to read.
    damo_ok start "$(workload w 16 4 4)" --damos_action stat
    wait_workload w
    damon_files > "$WORK/before"
    damo_ok features json --infer_version
    damon_files > "$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || fail "features changed DAMON's files"
    expect_match "$OUT" '"sysfs/fvaddr": true' "fvaddr from avail_operations"
    expect_match "$OUT" '"sysfs/schemes_tried_regions": false' "no tried_regions directory"
    expect_match "$OUT" "Seems the version of DAMON is 6.0$" "inferred version"
    damo_ok stop
    kill_workloads
}

# diagnose on a healthy 6.1, then on a kdamond whose parameters the
# kernel would refuse.
needs diagnose_6_1 sysfs debugfs !tried_regions
scenario_diagnose_6_1() {
    damo_ok start "$(workload w 16 4 4)" --damos_action stat
    wait_workload w
    damon_files > "$WORK/before"
    damo_ok diagnose
    damon_files > "$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || fail "diagnose changed DAMON's files"
    expect_match "$OUT" '^kernel: Linux 6\.1\.' "kernel release"
    expect_match "$OUT" '^  sysfs: yes$' "sysfs found"
    # (6.1's debugfs monitor_on counts every running kdamond.)
    expect_match "$OUT" '^  debugfs: yes \(monitor_on: on, kdamond_pid: none' "debugfs found"
    expect_match "$OUT" '^  damon_reclaim: yes \(enabled: N' "DAMON_RECLAIM found"
    expect_match "$OUT" '^kdamonds: 1 \(1 running\)$' "the running kdamond"
    expect_match "$OUT" "pid $(info w pid)" "its target"
    expect_match "$OUT" '^kernel messages about DAMON: [0-9]+$' "kernel messages read"
    expect_match "$OUT" '^suspicious states: none found$' "healthy"
    damo_ok stop
    kill_workloads
    echo 2 > "$ADMIN/0/contexts/0/monitoring_attrs/nr_regions/min"
    damo_ok diagnose --verbose
    expect_match "$OUT" 'number of regions range \[2, 1000\] is invalid' "bad parameters found"
    expect_match "$OUT" '  sysfs/refresh_ms: no \(no kernel/mm/damon/admin/kdamonds/0/refresh_ms\)' "features with evidence"
}

# A record replayed while DAMON watches the replayer: its hot part is seen
# as hot.
needs replay_seen_by_damon once sysfs
scenario_replay_seen_by_damon() {
    python3 - "$WORK/rec.json" <<'EOF'
import json, sys
# 30 s: 32 MiB accessed in every sample, 64 MiB never.
base, snaps = 1 << 32, []
for i in range(300):
    t = 10**9 + i * 10**8
    def region(start, end, samples):
        return {"start": str(start), "end": str(end), "nr_accesses": {"samples": samples, "percent": None},
                "age": {"usec": None, "aggr_intervals": str(i)}, "probe_hits": [], "sz_filter_passed": "0 B"}
    snaps.append({"start_time": str(t), "end_time": str(t + 10**8),
                  "regions": [region(base, base + (32 << 20), 20), region(base + (32 << 20), base + (96 << 20), 0)]})
json.dump([{"kdamond_idx": 0, "context_idx": 0, "scheme_idx": None, "target_id": 0, "scheme_filters": [],
            "intervals": {"sample_us": "5000", "aggr_us": "100000", "ops_update_us": "1000000"},
            "snapshots": snaps}], open(sys.argv[1], "w"))
EOF
    log "\$ taskset -c 0 damo replay rec.json --nr_threads 1 &"
    taskset -c 0 "$DAMO" replay "$WORK/rec.json" --nr_threads 1 > "$WORK/replay.out" 2> "$WORK/replay.err" < /dev/null &
    local rpid=$!
    sleep 1
    damo_ok start --target_pid $rpid --monitoring_intervals 5ms 100ms 1s \
        --damos_action stat --damos_access_rate 50% max --damos_sz_region 4M max
    sleep 8
    damo_ok report damon --damos_stats --format json --raw
    # Regions of 4 MiB or more accessed in half the samples or more: the
    # 32 MiB the replay touches, aggregation after aggregation.
    expect_gt "$(jq_out '.[0][1].sz_tried')" $((32 << 20)) "hot bytes DAMON found in the replayer"
    damo_ok stop
    kill $rpid 2>/dev/null
    wait $rpid 2>/dev/null
    [ -s "$WORK/replay.err" ] && fail "replay stderr: $(cat "$WORK/replay.err")"
    return 0
}
