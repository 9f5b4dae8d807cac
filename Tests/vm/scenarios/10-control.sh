# start / report damon / status / tune / stop against the real kernel.

INTERVALS=(--monitoring_intervals 5ms 100ms 1s)

# A command as the target: damo runs it and monitors its pid.
needs start_command_status_stop once sysfs
scenario_start_command_status_stop() {
    damo_ok start "$(workload w 64 8 16)" "${INTERVALS[@]}"
    wait_workload w
    local pid kpid
    pid=$(info w pid)
    expect_kd nr_kdamonds 1
    expect_kd 0/state on
    kpid=$(kd 0/pid)
    expect_gt "$kpid" 0 "kdamond pid"
    expect_eq "$(cat /proc/"$kpid"/comm)" kdamond.0 "the kernel thread behind kdamond 0"
    expect_kd 0/contexts/nr_contexts 1
    expect_kd 0/contexts/0/operations vaddr
    expect_kd 0/contexts/0/targets/nr_targets 1
    expect_kd 0/contexts/0/targets/0/pid_target "$pid"
    expect_kd 0/contexts/0/monitoring_attrs/intervals/sample_us 5000
    expect_kd 0/contexts/0/monitoring_attrs/intervals/aggr_us 100000
    expect_kd 0/contexts/0/monitoring_attrs/intervals/update_us 1000000
    expect_kd 0/contexts/0/schemes/nr_schemes 0

    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].state')" on "report damon: state"
    expect_eq "$(jq_out '.[0].pid')" "$kpid" "report damon: kdamond pid"
    expect_eq "$(jq_out '.[0].contexts[0].ops')" vaddr "report damon: ops"
    expect_eq "$(jq_out '.[0].contexts[0].targets[0].pid')" "$pid" "report damon: target pid"
    expect_eq "$(jq_out '.[0].contexts[0].intervals.aggr_us')" 100000 "report damon: aggr_us"
    damo_ok status
    expect_match "$OUT" '^kdamond 0' "status names kdamond 0"
    expect_match "$OUT" "state: on" "status shows it on"
    expect_match "$OUT" "pid: $kpid" "status shows the kdamond's pid"
    expect_match "$OUT" "pid: $pid" "status shows the target's pid"
    damo_ok report damon --format yaml --raw
    expect_match "$OUT" "state: '?on'?$" "yaml report"

    damo_ok stop
    expect_kd 0/state off
    expect_kd 0/pid -1
    [ -d /proc/"$kpid" ] && [ "$(cat /proc/"$kpid"/comm 2>/dev/null)" = kdamond.0 ] && fail "kdamond thread $kpid still alive"
    kill -0 "$pid" 2>/dev/null || fail "stop ended the workload too (it should only stop DAMON)"
    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].state')" off "report damon after stop: state"
}

# tune: new intervals and a new scheme go into the running kdamond, which
# keeps running (same kernel thread) and uses them.
needs tune_intervals_and_scheme once sysfs
scenario_tune_intervals_and_scheme() {
    damo_ok start "$(workload w 64 8 16)" "${INTERVALS[@]}"
    wait_workload w
    local pid kpid
    pid=$(info w pid)
    kpid=$(kd 0/pid)
    expect_kd 0/contexts/0/schemes/nr_schemes 0

    damo_ok tune --ops vaddr --target_pid "$pid" --monitoring_intervals 10ms 200ms 2s \
        --damos_action stat
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_kd 0/contexts/0/monitoring_attrs/intervals/sample_us 10000
    expect_kd 0/contexts/0/monitoring_attrs/intervals/aggr_us 200000
    expect_kd 0/contexts/0/monitoring_attrs/intervals/update_us 2000000
    expect_kd 0/contexts/0/targets/0/pid_target "$pid"
    expect_kd 0/contexts/0/schemes/nr_schemes 1
    expect_kd 0/contexts/0/schemes/0/action stat
    # The kernel runs the new scheme: its statistics move.
    sleep 3
    damo_ok report damon --damos_stats --format json --raw
    expect_gt "$(jq_out '.[0][1].nr_tried')" 0 "nr_tried of the scheme tune added"
    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].contexts[0].intervals.sample_us')" 10000 "report damon: tuned sample_us"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].action')" stat "report damon: the new scheme"
    damo_ok stop
    expect_kd 0/state off
}

# Several kdamonds, one per operations set: vaddr and fvaddr on the
# workload, paddr on the physical memory.
needs kdamonds_vaddr_fvaddr_paddr once sysfs
scenario_kdamonds_vaddr_fvaddr_paddr() {
    start_workload w 64 8 16
    local pid hs he
    pid=$(info w pid); hs=$(info w hot_start); he=$(info w hot_end)
    # The span of System RAM, as damo's default paddr region.
    local ram_start ram_end
    read -r ram_start ram_end < <(awk -F' : ' '$2 == "System RAM" { split($1, a, "-"); if (s == "") s = a[1]; e = a[2] }
        END { print s, e }' /proc/iomem)
    ram_start=$((16#$ram_start)); ram_end=$(( 16#$ram_end + 1 ))

    damo_ok start \
        --kdamond --damon_ctx --ops vaddr "${INTERVALS[@]}" --damon_target --target_pid "$pid" --regions "" \
        --kdamond --damon_ctx --ops fvaddr "${INTERVALS[@]}" --damon_target --target_pid "$pid" --regions "$hs-$he" \
        --kdamond --damon_ctx --ops paddr "${INTERVALS[@]}" --damon_target
    expect_kd nr_kdamonds 3
    local k kpids=()
    for k in 0 1 2; do
        expect_kd $k/state on
        kpids+=("$(kd $k/pid)")
        expect_eq "$(cat /proc/"$(kd $k/pid)"/comm)" "kdamond.$k" "kernel thread of kdamond $k"
    done
    expect_eq "$(printf '%s\n' "${kpids[@]}" | sort -u | wc -l)" 3 "three distinct kdamond threads"
    expect_kd 0/contexts/0/operations vaddr
    expect_kd 0/contexts/0/targets/0/pid_target "$pid"
    expect_kd 1/contexts/0/operations fvaddr
    expect_kd 1/contexts/0/targets/0/pid_target "$pid"
    expect_kd 1/contexts/0/targets/0/regions/nr_regions 1
    expect_kd 1/contexts/0/targets/0/regions/0/start "$hs"
    expect_kd 1/contexts/0/targets/0/regions/0/end "$he"
    expect_kd 2/contexts/0/operations paddr
    expect_kd 2/contexts/0/targets/0/regions/0/start "$ram_start"
    expect_kd 2/contexts/0/targets/0/regions/0/end "$ram_end"

    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '[.[].state] | join(",")')" on,on,on "report damon: three kdamonds on"
    expect_eq "$(jq_out '[.[].contexts[0].ops] | join(",")')" vaddr,fvaddr,paddr "report damon: their ops"
    expect_eq "$(jq_out '.[1].contexts[0].targets[0].regions[0].start')" "$hs" "report damon: fvaddr region"
    damo_ok report damon --kdamonds_summary
    expect_eq "$(wc -l <<<"$OUT")" 3 "one summary line per kdamond"

    damo_ok stop
    for k in 0 1 2; do expect_kd $k/state off; done
}
