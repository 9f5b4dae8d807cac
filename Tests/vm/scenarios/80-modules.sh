# DAMON_RECLAIM and DAMON_LRU_SORT of Linux 6.1 through damo reclaim,
# lru_sort and module, read back from /sys/module/damon_*/parameters.

# Watermarks that keep a module active whatever the free memory.
ALWAYS=(--wmarks 100000 1000 999 0)

expect_module_thread() {
    local kpid
    kpid=$(modp "$1" kdamond_pid)
    [[ $kpid =~ ^[0-9]+$ ]] && [ "$kpid" != -1 ] || fail "damon_$1 kdamond_pid: '$kpid'"
    expect_match "$(cat /proc/"$kpid"/comm)" '^kdamond\.[0-9]+$' "kdamond_pid $kpid of damon_$1 is a kdamond thread"
}

needs module_reclaim reclaim debugfs
scenario_module_reclaim() {
    damo_ok reclaim
    expect_match "$OUT" "^kdamond_pid: -1$" "status: not running"
    expect_match "$OUT" "^min_age: 120000000$" "status: the default min_age"
    expect_match "$OUT" "^nr_quota_exceeds: 0$" "status: the statistics of 5.17+"

    damo_ok reclaim enable --min_age 1000000 --quota 10 1048576 1000 "${ALWAYS[@]}" \
        --monitor_intervals 5000 100000 --nr_regions 10 200
    expect_mod reclaim enabled Y
    expect_module_thread reclaim
    expect_mod reclaim min_age 1000000
    expect_mod reclaim quota_ms 10
    expect_mod reclaim quota_sz 1048576
    expect_mod reclaim quota_reset_interval_ms 1000
    expect_mod reclaim wmarks_interval 100000
    expect_mod reclaim wmarks_high 1000
    expect_mod reclaim wmarks_mid 999
    expect_mod reclaim wmarks_low 0
    expect_mod reclaim max_nr_regions 200
    # The kernel chose the biggest System RAM as the monitored region.
    expect_gt "$(modp reclaim monitor_region_end)" "$(modp reclaim monitor_region_start)" "monitor region set by the kernel"
    # Every region is cold after 1 s: the scheme tries them.
    local i
    for i in $(seq 30); do [ "$(modp reclaim nr_reclaim_tried_regions)" -gt 0 ] && break; sleep 1; done
    expect_gt "$(modp reclaim nr_reclaim_tried_regions)" 0 "nr_reclaim_tried_regions"
    damo_ok module reclaim status
    expect_match "$OUT" "^enabled: Y$" "module reclaim status: enabled"
    expect_match "$OUT" "^kdamond_pid: $(modp reclaim kdamond_pid)$" "module reclaim status: its kdamond"

    # commit: the running module reads new parameters, same thread.
    local kpid
    kpid=$(modp reclaim kdamond_pid)
    damo_ok reclaim commit --min_age 2000000
    expect_mod reclaim min_age 2000000
    expect_mod reclaim commit_inputs N
    expect_mod reclaim kdamond_pid "$kpid"

    # While it runs, debugfs and sysfs cannot start DAMON.
    expect_dbg monitor_on on
    damo_err start --damon_interface_DEPRECATED debugfs --target_pid $$
    expect_match "$ERR" "another interface" "debugfs start while DAMON_RECLAIM runs"
    damo_err start --target_pid $$ --monitoring_intervals 5ms 100ms 1s
    expect_match "$ERR" "busy" "sysfs start while DAMON_RECLAIM runs (EBUSY)"
    expect_clean 0
    # So cannot DAMON_LRU_SORT: the kernel leaves it off; damo says so and
    # puts its parameters back.
    damo_err lru_sort enable --hot_thres_access_freq 700
    expect_match "$ERR" "did not start" "lru_sort while reclaim runs"
    expect_mod lru_sort hot_thres_access_freq 500
    expect_mod lru_sort kdamond_pid -1

    damo_ok reclaim disable
    expect_mod reclaim enabled N
    expect_mod reclaim kdamond_pid -1
    expect_dbg monitor_on off
}

# Parameters the kernel refuses: the module stays as it was, and so do
# its parameters.
needs module_reclaim_refused reclaim !reclaim_skip_anon
scenario_module_reclaim_refused() {
    # (Module parameters outlive scenarios: compare with what is there.)
    local min max
    min=$(modp reclaim min_nr_regions); max=$(modp reclaim max_nr_regions)
    damo_err reclaim enable --nr_regions 1 100
    expect_match "$ERR" "did not start" "min_nr_regions 1"
    expect_mod reclaim min_nr_regions "$min"
    expect_mod reclaim max_nr_regions "$max"
    expect_mod reclaim enabled N
    expect_mod reclaim kdamond_pid -1

    damo_ok reclaim enable "${ALWAYS[@]}" --quota 10 1048576 1000
    local kpid
    kpid=$(modp reclaim kdamond_pid)
    # Invalid on commit: 6.1 stops the module; damo restores and restarts.
    damo_err reclaim commit --nr_regions 5000 100
    expect_match "$ERR" "stopped on commit_inputs" "commit of min > max"
    expect_mod reclaim min_nr_regions "$min"
    expect_mod reclaim max_nr_regions "$max"
    expect_mod reclaim enabled Y
    expect_module_thread reclaim
    damo_err reclaim enable --skip_anon
    expect_match "$ERR" "skip_anon" "6.1 has no skip_anon"
    damo_ok reclaim disable
    expect_mod reclaim kdamond_pid -1
}

needs module_lru_sort once lru_sort !damon_stat
scenario_module_lru_sort() {
    damo_ok lru_sort status
    expect_match "$OUT" "^hot_thres_access_freq: 500$" "status: default hot threshold"
    damo_ok lru_sort enable --hot_thres_access_freq 700 --cold_min_age 1000000 --quota 5 2000 "${ALWAYS[@]}" \
        --monitor_intervals 10000 200000 --nr_regions 20 500
    expect_mod lru_sort enabled Y
    expect_module_thread lru_sort
    expect_mod lru_sort hot_thres_access_freq 700
    expect_mod lru_sort cold_min_age 1000000
    expect_mod lru_sort quota_ms 5
    expect_mod lru_sort quota_reset_interval_ms 2000
    expect_mod lru_sort sample_interval 10000
    expect_mod lru_sort aggr_interval 200000
    expect_mod lru_sort min_nr_regions 20
    damo_ok module lru_sort
    expect_match "$OUT" "^enabled: Y$" "module lru_sort status"
    expect_match "$OUT" "^bytes_lru_sorted_cold_regions: [0-9]+$" "module lru_sort status: statistics"
    # lru_sort has no commit in damo.
    damo_run lru_sort commit
    [ "$RC" != 0 ] || fail "lru_sort commit accepted"
    damo_ok module lru_sort disable
    expect_mod lru_sort enabled N
    expect_mod lru_sort kdamond_pid -1
    # stat needs DAMON_STAT, which 6.1 lacks.
    damo_err module stat read
    expect_match "$ERR" "DAMON_STAT is not available" "no damon_stat on 6.1"
}
