# tune of what newer kernels have (filters, quota goals, apply intervals)
# on a running kdamond: the same kernel thread keeps running with the new
# values, which the kernel's files and `report damon` read back.

needs tune_filters_goals_apply_interval sysfs filters quota_goals goal_metrics apply_interval
scenario_tune_filters_goals_apply_interval() {
    start_workload w 64 8 16
    local pid bs be kpid
    pid=$(info w pid); bs=$(info w buf_start); be=$(info w buf_end)
    local base=(--target_pid "$pid" --monitoring_intervals 5ms 100ms 1s)
    damo_ok start "${base[@]}" --damos_action stat
    kpid=$(kd 0/pid)
    local s=0/contexts/0/schemes
    expect_kd $s/nr_schemes 1
    expect_kd $s/0/filters/nr_filters 0

    # (per-scheme options in scheme order; counts of filters and goals
    # per scheme, as damo wants them with several schemes)
    damo_ok tune "${base[@]}" \
        --damos_action stat --damos_apply_interval 500ms --damos_filter reject young \
        --damos_quota_interval 1s --damos_quota_space 0 --damos_quota_goal user_input 1000 500 \
        --damos_action pageout --damos_access_rate 0% 0% --damos_age 60s max --damos_apply_interval 0 \
        --damos_filter addr nomatching "$bs" "$be" --damos_filter reject anon \
        --damos_quota_interval 1s --damos_quota_space 1M \
        --damos_nr_filters 1 2 --damos_nr_quota_goals 1 0
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_kd $s/nr_schemes 2
    expect_kd $s/0/apply_interval_us 500000
    expect_kd $s/0/filters/nr_filters 1
    expect_kd $s/0/filters/0/type young
    expect_kd $s/0/filters/0/matching Y
    expect_kd $s/0/quotas/goals/nr_goals 1
    expect_kd $s/0/quotas/goals/0/target_value 1000
    expect_kd $s/0/quotas/goals/0/current_value 500
    expect_kd $s/0/quotas/reset_interval_ms 1000
    expect_kd $s/1/action pageout
    expect_kd $s/1/filters/nr_filters 2
    expect_kd $s/1/filters/0/type addr
    expect_kd $s/1/filters/0/matching N
    expect_kd $s/1/filters/0/addr_start "$bs"
    expect_kd $s/1/filters/0/addr_end "$be"
    expect_kd $s/1/filters/1/type anon
    expect_kd $s/1/quotas/bytes 1048576
    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].pid')" "$kpid" "report damon: the same kdamond"
    expect_eq "$(jq_out '.[0].contexts[0].schemes | length')" 2 "report damon: schemes"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].filters[0] | "\(.filter_type) \(.matching)"')" "young true" \
        "report damon: scheme 0's filter"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[1].filters | map(.filter_type) | join(",")')" "addr,anon" \
        "report damon: scheme 1's filters"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.goals[0].current_value | tostring')" 500 \
        "report damon: scheme 0's goal"
    # The kernel applies them: the stat scheme is tried.
    sleep 3
    damo_ok report damon --damos_stats --format json --raw
    expect_gt "$(jq_out '.[0][1].nr_tried')" 0 "the tuned stat scheme tried regions"

    # Back to a plain scheme: the filters and goals go away.
    damo_ok tune "${base[@]}" --damos_action stat
    expect_kd 0/pid "$kpid"
    expect_kd $s/nr_schemes 1
    expect_kd $s/0/filters/nr_filters 0
    expect_kd $s/0/quotas/goals/nr_goals 0
    expect_kd $s/0/apply_interval_us 0
    damo_ok stop
    kill_workloads
}
