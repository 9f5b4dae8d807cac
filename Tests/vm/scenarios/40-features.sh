# Feature detection on Linux 6.1: what its DAMON sysfs lacks is found
# missing, and the commands that need it say so, writing nothing.

# Starts damo with one option set 6.1 cannot do; expects the refusal to
# name the feature ($1, an ERE) and DAMON to stay as it was.
expect_unsupported() {
    local what=$1; shift
    damo_err start --target_pid "$PID" --monitoring_intervals 5ms 100ms 1s "$@"
    expect_match "$ERR" "does not support.*$what|$what.*not supported" "refusal names $what"
    expect_no_kdamond_on
    expect_kd nr_kdamonds 0
}

needs features_missing_on_6_1 sysfs !tried_regions !filters !quota_goals !apply_interval !migrate
scenario_features_missing_on_6_1() {
    start_workload w 16 4 4
    PID=$(info w pid)
    expect_unsupported "DAMOS filters" --damos_action stat --damos_filter reject anon
    expect_unsupported "quota goals" --damos_action stat --damos_quota_interval 1s \
        --damos_quota_goal user_input 10000 5000
    expect_unsupported "auto-tuning" --monitoring_intervals_autotune
    expect_unsupported "apply interval" --damos_action stat --damos_apply_interval 1s
    expect_unsupported "refresh" --refresh_stat 1000
    expect_unsupported "migrate_hot|migration" --damos_action migrate_hot 0
    damo_err start paddr --damon_addr_unit 1024
    expect_match "$ERR" "does not support.*addr" "refusal names the address unit"
    expect_kd nr_kdamonds 0

    # What 6.1 has: the same scheme without the missing parts runs.
    damo_ok start --target_pid "$PID" --monitoring_intervals 5ms 100ms 1s --damos_action stat
    local s=0/contexts/0/schemes/0
    expect_kd 0/state on
    # The kernel's side of the facts: no such files, no such command.
    local f
    for f in $s/tried_regions $s/filters $s/quotas/goals $s/apply_interval_us 0/refresh_ms \
             0/contexts/0/addr_unit 0/contexts/0/monitoring_attrs/intervals/intervals_goal; do
        [ -e "$ADMIN/$f" ] && fail "6.1 has $f after all"
    done
    log "ok: 6.1 has no tried_regions, filters, quota goals, apply_interval_us, refresh_ms, addr_unit, intervals_goal"
    echo update_schemes_tried_regions > $ADMIN/0/state 2> "$WORK/err" && fail "6.1 took update_schemes_tried_regions"
    log "kernel: update_schemes_tried_regions: $(cat "$WORK/err")"

    # report damon wants tried regions by default: it goes without them.
    damo_ok report damon
    expect_match "$OUT" "action: stat" "report damon without tried regions"
    expect_no_match "$OUT" "tried regions" "no tried regions shown"
    damo_ok report damon --format json --raw
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].filters | length')" 0 "report damon: no filters read"
    expect_eq "$(jq_out '.[0].contexts[0].schemes[0].quotas.goals | length')" 0 "report damon: no goals read"
    # tune asking for a missing feature is refused too, and the kdamond
    # keeps what it had.
    local kpid
    kpid=$(kd 0/pid)
    damo_err tune --target_pid "$PID" --monitoring_intervals 5ms 100ms 1s --damos_action stat --damos_filter reject anon
    expect_match "$ERR" "does not support DAMOS filters" "tune refuses filters"
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_kd $s/action stat
    damo_ok stop
    expect_no_kdamond_on
}
