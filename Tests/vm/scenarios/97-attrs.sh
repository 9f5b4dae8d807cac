# `report attrs` on a real kernel.  No test kernel has probes (7.2+), so
# regions carry no probe hits: what is checked is the path to them, a
# live snapshot that leaves the kdamond as found and a record whose
# .kdamonds parameters fit it.  Probes themselves are checked on the
# emulator (AttrsCLITests).

needs live_snapshot_report_attrs sysfs tried_regions
scenario_live_snapshot_report_attrs() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    local kpid
    kpid=$(kd 0/pid)
    sleep 3
    kd_params 0 > "$WORK/before"
    damo_ok report attrs
    expect_match "$OUT" "^No probe$" "no probes on this kernel"
    expect_match "$OUT" "^intervals: sample 5 ms aggr 100 ms \(max probe hits 20\)$" "the snapshot's intervals"
    expect_match "$OUT" "^#   size +address +age +probe_hits$" "the region legend"
    expect_match "$OUT" "^total size: " "the snapshot's total size"
    damo_ok report attrs --raw_form
    expect_match "$OUT" "^# start_addr +end_addr +length +age probe_hits$" "the raw form"
    expect_params_as 0 "$WORK/before"
    expect_kd 0/contexts/0/schemes/nr_schemes 0
    expect_kd 0/pid "$kpid"
    expect_workload_runs w
    damo_ok stop
}

needs record_report_attrs sysfs tried_regions
scenario_record_report_attrs() {
    damo_ok record "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --timeout 5 -o "$WORK/damon.data"
    kill_workloads
    [ -f "$WORK/damon.data.kdamonds" ] || fail "damon.data.kdamonds was not written"
    damo_ok report attrs --input "$WORK/damon.data" --style recency-percentiles
    expect_match "$OUT" "^# total recency percentiles$" "recency percentiles of the record"
    damo_ok report attrs --input "$WORK/damon.data" --total_sz_only
    expect_match "$OUT" "^[0-9.]+ [KMG]iB$" "total sizes of the record's snapshots"
}
