# DAMON_RECLAIM and DAMON_LRU_SORT of newer kernels (6.9+): skip_anon and
# the quota auto-tuning inputs (quota_mem_pressure_us, the user's
# quota_autotune_feedback), which damo shows and keeps, read back from
# /sys/module/damon_*/parameters.

needs modules_reclaim_autotune_lru_sort reclaim lru_sort reclaim_autotune reclaim_skip_anon
scenario_modules_reclaim_autotune_lru_sort() {
    local p=/sys/module/damon_reclaim/parameters
    damo_ok reclaim
    expect_match "$OUT" "^kdamond_pid: -1$" "status: not running"
    expect_match "$OUT" "^skip_anon: N$" "status: skip_anon"
    expect_match "$OUT" "^quota_mem_pressure_us: [0-9]+$" "status: the memory pressure goal"
    expect_match "$OUT" "^quota_autotune_feedback: [0-9]+$" "status: the user's feedback"
    # damo (as 3.4.3) has no option for them: set as a user would.
    echo 1000 > $p/quota_mem_pressure_us || fail "cannot write quota_mem_pressure_us"
    echo 5000 > $p/quota_autotune_feedback || fail "cannot write quota_autotune_feedback"
    damo_ok reclaim enable --skip_anon --min_age 1000000 --quota 10 1048576 1000 --wmarks 100000 1000 999 0 \
        --monitor_intervals 5000 100000 --nr_regions 10 200
    expect_mod reclaim enabled Y
    expect_mod reclaim skip_anon Y
    expect_mod reclaim quota_mem_pressure_us 1000
    expect_mod reclaim quota_autotune_feedback 5000
    expect_mod reclaim quota_sz 1048576
    local kpid
    kpid=$(modp reclaim kdamond_pid)
    [[ $kpid =~ ^[0-9]+$ ]] && [ "$kpid" != -1 ] || fail "damon_reclaim kdamond_pid: '$kpid'"
    expect_match "$(cat /proc/"$kpid"/comm)" '^kdamond\.[0-9]+$' "kdamond_pid $kpid is a kdamond thread"
    damo_ok reclaim status
    expect_match "$OUT" "^quota_mem_pressure_us: 1000$" "status shows the pressure goal"
    expect_match "$OUT" "^quota_autotune_feedback: 5000$" "status shows the feedback"
    expect_match "$OUT" "^skip_anon: Y$" "status shows skip_anon"
    # A new feedback, committed: the same thread takes it.
    echo 20000 > $p/quota_autotune_feedback
    damo_ok reclaim commit --min_age 2000000 --skip_anon
    expect_mod reclaim min_age 2000000
    expect_mod reclaim quota_autotune_feedback 20000
    expect_mod reclaim commit_inputs N
    expect_mod reclaim kdamond_pid "$kpid"
    # (Linux 6.12.117's DAMON_RECLAIM sets its scheme on the running
    # context and then commits a parameter context without one, so it
    # never tries a region there: its statistics stay 0.  6.1's does.)
    expect_match "$(cat /proc/"$kpid"/comm)" '^kdamond\.[0-9]+$' "the same kdamond thread after commit"
    damo_ok reclaim disable
    expect_mod reclaim kdamond_pid -1
    echo 0 > $p/quota_mem_pressure_us
    echo 0 > $p/quota_autotune_feedback
    echo N > $p/skip_anon

    damo_ok lru_sort enable --hot_thres_access_freq 700 --cold_min_age 1000000 --quota 5 2000 \
        --wmarks 100000 1000 999 0 --monitor_intervals 10000 200000 --nr_regions 20 500
    expect_mod lru_sort enabled Y
    expect_mod lru_sort hot_thres_access_freq 700
    kpid=$(modp lru_sort kdamond_pid)
    expect_match "$(cat /proc/"$kpid"/comm)" '^kdamond\.[0-9]+$' "kdamond_pid $kpid of damon_lru_sort is a kdamond thread"
    damo_ok module lru_sort
    expect_match "$OUT" "^bytes_lru_sorted_hot_regions: [0-9]+$" "module lru_sort status: statistics"
    damo_ok module lru_sort disable
    expect_mod lru_sort kdamond_pid -1
}
