# DAMOS quota goals on a real kernel (6.8+; metrics 6.9+): the kernel
# tunes a scheme's effective quota from its goals, and damo reads it back
# (update_schemes_effective_quotas).

# The effective quota of scheme 0, as `report damon` shows it, into $EQ.
effective_quota() {
    damo_ok report damon --format json --raw
    EQ=$(jq_out '.[0].contexts[0].schemes[0].quotas.effective_sz_bytes | tostring | gsub("[^0-9]"; "")')
}

# A user_input goal: below its target, the kernel raises the effective
# quota interval after interval; `tune --quota_goals_only` gives it a
# current value above the target (commit_schemes_quota_goals, nothing
# else written), and the quota falls.  A some_mem_psi_us goal is taken and
# read back.
needs quota_goals_user_input_and_psi sysfs quota_goals goal_metrics effective_quota psi
scenario_quota_goals_user_input_and_psi() {
    start_workload w 64 8 16
    local pid kpid
    pid=$(info w pid)
    local params=(--target_pid "$pid" --monitoring_intervals 5ms 100ms 1s --damos_action stat --damos_quota_interval 200ms)
    damo_ok start "${params[@]}" --damos_quota_goal user_input 10000 2000
    kpid=$(kd 0/pid)
    local g=0/contexts/0/schemes/0/quotas/goals
    expect_kd $g/nr_goals 1
    expect_kd $g/0/target_metric user_input
    expect_kd $g/0/target_value 10000
    expect_kd $g/0/current_value 2000
    expect_kd 0/contexts/0/schemes/0/quotas/reset_interval_ms 200
    sleep 3
    local e1 e2 e3
    effective_quota; e1=$EQ
    sleep 2
    effective_quota; e2=$EQ
    log "effective quota: $e1, then $e2 (current value 2000 of 10000: it grows)"
    expect_gt "$e1" 0 "effective quota"
    expect_gt "$e2" "$e1" "effective quota 2 s later"
    expect_eq "$(kd 0/contexts/0/schemes/0/quotas/effective_bytes)" "$e2" "sysfs effective_bytes"

    kd_params 0 | grep -v '/goals/' > "$WORK/before"
    damo_ok tune --quota_goals_only "${params[@]}" --damos_quota_goal user_input 10000 30000
    expect_kd $g/0/current_value 30000
    expect_kd 0/pid "$kpid"
    kd_params 0 | grep -v '/goals/' > "$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || fail "tune --quota_goals_only changed more than goals: $(diff "$WORK/before" "$WORK/after" | head -5)"
    log "ok: nothing but the goals written"
    sleep 2
    effective_quota; e3=$EQ
    log "effective quota with current value 30000 of 10000: $e3"
    expect_gt "$e2" "$e3" "the effective quota fell"

    # The kernel reads memory pressure itself for this metric.
    damo_ok tune "${params[@]}" --damos_quota_goal some_mem_psi_us 1000
    expect_kd 0/pid "$kpid"
    expect_kd $g/0/target_metric some_mem_psi_us
    expect_kd $g/0/target_value 1000
    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.goals[0].metric')" some_mem_psi_us "report damon: the goal's metric"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.goals[0].target_value | tostring')" 1000 "report damon: the goal's target"
    damo_ok stop
    kill_workloads
}
