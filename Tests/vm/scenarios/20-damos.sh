# DAMOS: schemes the kernel applies, their statistics read by `report damon`.

# damo's scheme statistics must be the kernel's: after `report damon`
# asked the kernel to update them (update_schemes_stats), nothing else
# does, so the files hold exactly what damo printed.  $1: the stats JSON
# index, $2: the scheme's sysfs directory.
expect_stats_are_sysfs() {
    local f
    for f in nr_tried sz_tried nr_applied sz_applied qt_exceeds; do
        expect_eq "$(jq_out ".[$1][1].$f")" "$(kd "$2/stats/$f")" "report damon --damos_stats $f of $2"
    done
}

# A stat scheme on everything: tried on every aggregation, so its
# statistics grow while the kdamond runs.
needs damos_stat_grows once sysfs
scenario_damos_stat_grows() {
    damo_ok start "$(workload w 64 8 16)" --monitoring_intervals 5ms 100ms 1s --damos_action stat
    wait_workload w
    local s=0/contexts/0/schemes/0
    expect_kd 0/state on
    expect_kd 0/contexts/0/schemes/nr_schemes 1
    expect_kd $s/action stat
    expect_kd $s/access_pattern/nr_accesses/min 0
    expect_kd $s/access_pattern/age/min 0
    sleep 2
    damo_ok report damon --damos_stats --format json --raw
    local tried1 sz1
    tried1=$(jq_out '.[0][1].nr_tried'); sz1=$(jq_out '.[0][1].sz_tried')
    expect_gt "$tried1" 0 "nr_tried after 2 s"
    expect_gt "$sz1" 0 "sz_tried after 2 s"
    expect_eq "$(jq_out '.[0][0].kdamond'),$(jq_out '.[0][0].context'),$(jq_out '.[0][0].scheme')" 0,0,0 "stats name kdamond/context/scheme"
    expect_stats_are_sysfs 0 $s
    sleep 3
    damo_ok report damon --damos_stats --format json --raw
    # Every aggregation (100 ms) tries each of at least 10 regions.
    expect_ge "$(jq_out '.[0][1].nr_tried')" $(( tried1 + 10 )) "nr_tried 3 s later"
    expect_gt "$(jq_out '.[0][1].sz_tried')" "$sz1" "sz_tried 3 s later"
    expect_stats_are_sysfs 0 $s
    damo_ok report damon --damos_stats
    expect_match "$OUT" '^nr_tried: [0-9]' "report damon --damos_stats as text"
    damo_ok report damon
    expect_match "$OUT" 'action: stat' "report damon shows the scheme"
    damo_ok stop
    expect_kd 0/state off
}

# A cold scheme under a size quota and watermarks that keep it active,
# beside a pageout scheme whose watermarks keep it inactive.  fvaddr on
# exactly the workload's buffer: 6.1 counts a region as applied only when
# madvise() takes all of it, which fails on a range with unmapped holes
# (vaddr's regions may span some).
needs damos_quotas_watermarks once sysfs
scenario_damos_quotas_watermarks() {
    start_workload w 64 8 16
    damo_ok start --ops fvaddr --target_pid "$(info w pid)" --regions "$(info w buf_start)-$(info w buf_end)" \
        --monitoring_intervals 5ms 100ms 1s \
        --damos_action cold --damos_access_rate 0% 0% --damos_age 500ms max \
        --damos_quotas 100ms 1M 1s --damos_wmarks free_mem_rate 100ms 1000 999 0 \
        --damos_action pageout --damos_wmarks free_mem_rate 100ms 100 50 10
    local s0=0/contexts/0/schemes/0 s1=0/contexts/0/schemes/1
    expect_kd 0/contexts/0/schemes/nr_schemes 2
    expect_kd $s0/action cold
    expect_kd $s0/access_pattern/nr_accesses/min 0
    expect_kd $s0/access_pattern/nr_accesses/max 0
    expect_kd $s0/access_pattern/age/min 5
    expect_kd $s0/quotas/ms 100
    expect_kd $s0/quotas/bytes 1048576
    expect_kd $s0/quotas/reset_interval_ms 1000
    expect_kd $s0/watermarks/metric free_mem_rate
    expect_kd $s0/watermarks/interval_us 100000
    expect_kd $s0/watermarks/high 1000
    expect_kd $s0/watermarks/mid 999
    expect_kd $s0/watermarks/low 0
    expect_kd $s1/action pageout
    expect_kd $s1/watermarks/high 100
    expect_kd $s1/watermarks/mid 50
    expect_kd $s1/watermarks/low 10
    local free_permil
    free_permil=$(awk '/^MemTotal:/ { t = $2 } /^MemFree:/ { f = $2 } END { print int(f * 1000 / t) }' /proc/meminfo)
    log "free memory: $free_permil permil (scheme 0 active below 999, scheme 1 inactive above 100)"

    sleep 5
    damo_ok report damon --damos_stats --format json --raw
    local t1 sz1
    t1=$(date +%s); sz1=$(jq_out '.[0][1].sz_tried')
    expect_gt "$(jq_out '.[0][1].nr_tried')" 0 "cold scheme: nr_tried"
    expect_gt "$(jq_out '.[0][1].nr_applied')" 0 "cold scheme: nr_applied"
    expect_gt "$(jq_out '.[0][1].sz_applied')" 0 "cold scheme: sz_applied"
    # 56 MiB are cold and the quota allows 1 MiB per second: exceeded.
    expect_gt "$(jq_out '.[0][1].qt_exceeds')" 0 "cold scheme: qt_exceeds"
    expect_eq "$(jq_out '.[1][1].nr_tried')" 0 "pageout scheme kept inactive by its watermarks: nr_tried"
    expect_stats_are_sysfs 0 $s0
    expect_stats_are_sysfs 1 $s1
    # The quota holds from one second to the next (6.12 leaves the first
    # reset interval unlimited: its first charge window has no quota yet).
    sleep 3
    damo_ok report damon --damos_stats --format json --raw
    local elapsed=$(( $(date +%s) - t1 + 1 ))
    expect_le $(( $(jq_out '.[0][1].sz_tried') - sz1 )) $(( (elapsed + 1) * 1048576 )) \
        "cold scheme: sz_tried grew within 1 MiB per second in $elapsed s"

    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.sz_bytes')" 1048576 "report damon: quota size"
    # (--raw prints the quota's times in ns, as damo 3.4.3 does)
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.reset_interval_ms')" 1000000000 "report damon: quota reset interval"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.time_ms')" 100000000 "report damon: time quota"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].watermarks.high_permil | tonumber')" 1000 "report damon: high watermark"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[1].watermarks.low_permil | tonumber')" 10 "report damon: low watermark"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[1].action')" pageout "report damon: second scheme"
    damo_ok stop
    expect_kd 0/state off
}
