# What the guest kernel offers, for the scenarios' `needs` lines (sourced
# by guest.sh, inside the guest only): one name per line, decided from the
# files the kernel shows, never from its version.  A scratch kdamond with
# one context, scheme, filter and quota goal is made to see its files (and
# which filter types and actions its files take), then removed again.
#
#   sysfs debugfs (the interface proper) debugfs_deprecated (6.9+'s names)
#   tracepoint (damon_aggregated) damos_tracepoint (damos_before_apply) perf
#   tried_regions apply_interval effective_quota quota_goals goal_metrics
#   filters (one filters/ dir) filter_anon filter_memcg filter_young
#   filter_addr filter_target migrate (migrate_hot/cold and target_nid)
#   intervals_goal refresh_ms addr_unit probes numa2 (a second node) memcg psi
#   reclaim lru_sort reclaim_autotune reclaim_skip_anon damon_stat

vm_features() {
    local m=/sys/module
    [ -d "$ADMIN" ] && echo sysfs
    [ -f "$DBG/monitor_on" ] && echo debugfs
    [ -f "$DBG/monitor_on_DEPRECATED" ] && echo debugfs_deprecated
    [ -d /sys/kernel/tracing/events/damon/damon_aggregated ] && echo tracepoint
    [ -d /sys/kernel/tracing/events/damon/damos_before_apply ] && echo damos_tracepoint
    command -v perf >/dev/null && echo perf
    [ -d /sys/devices/system/node/node1 ] && echo numa2
    grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null && echo memcg
    [ -f /proc/pressure/memory ] && echo psi
    [ -d $m/damon_reclaim/parameters ] && echo reclaim
    [ -d $m/damon_lru_sort/parameters ] && echo lru_sort
    [ -f $m/damon_reclaim/parameters/quota_mem_pressure_us ] && echo reclaim_autotune
    [ -f $m/damon_reclaim/parameters/skip_anon ] && echo reclaim_skip_anon
    [ -d $m/damon_stat ] && echo damon_stat
    [ -d "$ADMIN" ] || return 0
    [ "$(cat "$ADMIN/nr_kdamonds")" = 0 ] || return 0
    echo 1 > "$ADMIN/nr_kdamonds" && echo 1 > "$ADMIN/0/contexts/nr_contexts" \
        && echo 1 > "$ADMIN/0/contexts/0/schemes/nr_schemes" || return 0
    local ctx=$ADMIN/0/contexts/0 s=$ADMIN/0/contexts/0/schemes/0
    [ -d "$s/tried_regions" ] && echo tried_regions
    [ -f "$s/apply_interval_us" ] && echo apply_interval
    [ -f "$s/quotas/effective_bytes" ] && echo effective_quota
    [ -f "$ctx/monitoring_attrs/intervals/intervals_goal/aggrs" ] && echo intervals_goal
    [ -f "$ADMIN/0/refresh_ms" ] && echo refresh_ms
    [ -f "$ctx/addr_unit" ] && echo addr_unit
    [ -d "$ctx/monitoring_attrs/probes" ] && echo probes
    if [ -f "$s/target_nid" ] && echo migrate_hot > "$s/action" 2>/dev/null; then echo migrate; fi
    if [ -d "$s/quotas/goals" ]; then
        echo quota_goals
        echo 1 > "$s/quotas/goals/nr_goals" && [ -f "$s/quotas/goals/0/target_metric" ] && echo goal_metrics
    fi
    if [ -d "$s/filters" ] && echo 1 > "$s/filters/nr_filters" 2>/dev/null; then
        echo filters
        local t
        for t in anon memcg young addr target; do
            echo "$t" > "$s/filters/0/type" 2>/dev/null && echo "filter_$t"
        done
    fi
    echo 0 > "$ADMIN/nr_kdamonds"
}
