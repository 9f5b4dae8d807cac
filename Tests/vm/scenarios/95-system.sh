# `features` and `report sysinfo` against what a newer kernel's files
# show (and what the tier's probe of the kernel found, for filter types):
# each feature damo names supported exactly when the kernel has its file;
# nothing written.

# damo's feature names with the test that shows them, for a kdamond whose
# scheme 0 has a filter and a quota goal.
feature_evidence() {
    local ctx=$ADMIN/0/contexts/0 s=$ADMIN/0/contexts/0/schemes/0 tr=/sys/kernel/tracing/events/damon
    local m=/sys/module
    cat <<EOF
interface/damon_sysfs -d $ADMIN
interface/damon_debugfs -d $DBG
interface/damon_reclaim -d $m/damon_reclaim
interface/damon_lru_sort -d $m/damon_lru_sort
interface/damon_stat -d $m/damon_stat
sysfs/schemes_tried_regions -d $s/tried_regions
sysfs/schemes_tried_regions_sz -f $s/tried_regions/total_bytes
sysfs/schemes_filters -d $s/filters
sysfs/schemes_apply_interval -f $s/apply_interval_us
sysfs/schemes_quota_goals -d $s/quotas/goals
sysfs/schemes_quota_goal_metric -f $s/quotas/goals/0/target_metric
sysfs/schemes_quota_effective_bytes -f $s/quotas/effective_bytes
sysfs/schemes_migrate -f $s/target_nid
sysfs/intervals_goal -d $ctx/monitoring_attrs/intervals/intervals_goal
sysfs/refresh_ms -f $ADMIN/0/refresh_ms
sysfs/addr_unit -f $ctx/addr_unit
sysfs/allow_filter -f $s/filters/0/allow
sysfs/sz_ops_filter_passed -f $s/stats/sz_ops_filter_passed
sysfs/schemes_filters_core_ops_dirs -d $s/core_filters
sysfs/schemes_dests -d $s/dests
sysfs/obsolete_target -f $ctx/targets/0/obsolete_target
sysfs/damos_stat_nr_snapshots -f $s/stats/nr_snapshots
reclaim/skip_anon -f $m/damon_reclaim/parameters/skip_anon
reclaim/quota_mem_pressure_us -f $m/damon_reclaim/parameters/quota_mem_pressure_us
reclaim/quota_user_feedback -f $m/damon_reclaim/parameters/quota_autotune_feedback
trace/damon_aggregated -d $tr/damon_aggregated
trace/damos_before_apply -d $tr/damos_before_apply
trace/damon_monitor_intervals_tune -d $tr/damon_monitor_intervals_tune
trace/damos_esz -d $tr/damos_esz
sysfs/schemes_filters_anon probe filter_anon
sysfs/schemes_filters_memcg probe filter_memcg
sysfs/schemes_filters_young probe filter_young
sysfs/schemes_filters_addr probe filter_addr
sysfs/schemes_filters_target probe filter_target
EOF
}

needs features_sysinfo_agree_with_files sysfs tried_regions filters quota_goals
scenario_features_sysinfo_agree_with_files() {
    damo_ok start "$(workload w 16 4 4)" --damos_action stat --damos_filter reject anon \
        --damos_quota_interval 1s --damos_quota_goal user_input 1000 500
    wait_workload w
    damon_files > "$WORK/before"
    damo_ok features json --infer_version
    printf '%s\n' "$OUT" > "$WORK/features.json"
    damo_ok report sysinfo --print all
    printf '%s\n' "$OUT" > "$WORK/sysinfo.txt"
    damon_files > "$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || fail "features or sysinfo changed DAMON's files: $(diff "$WORK/before" "$WORK/after" | head)"
    log "ok: nothing written"
    local name kind path has damo_says checked=0 avail
    while read -r name kind path; do
        case "$kind" in
            probe) grep -qx "$path" "$VM_OUT/features" && has=true || has=false;;
            *) test "$kind" "$path" && has=true || has=false;;
        esac
        damo_says=$(grep -v '^Seems the version' "$WORK/features.json" | jq -r --arg n "$name" 'if has($n) then .[$n] else "missing" end')
        [ "$damo_says" = "$has" ] || fail "features: $name is '$damo_says', the kernel's files say $has ($kind $path)"
        grep -qx -- "- $name (.*" <(sed -n '/^available DAMON features:/,/^unavailable/p' "$WORK/sysinfo.txt") \
            && avail=true || avail=false
        [ "$avail" = "$has" ] || fail "report sysinfo: $name listed available: $avail, the kernel's files say $has"
        checked=$((checked + 1))
    done < <(feature_evidence)
    log "ok: $checked features as the kernel's files show them, in features and report sysinfo"
    expect_match "$(cat "$WORK/sysinfo.txt")" "^kernel version: $(uname -r)$" "sysinfo: the kernel release"
    expect_match "$(cat "$WORK/sysinfo.txt")" "^tracefs: /sys/kernel/tracing$" "sysinfo: tracefs"
    expect_match "$(cat "$WORK/features.json")" "Seems the version of DAMON is 6\.1[12]" "the version inferred from the features"
    damo_ok stop
}
