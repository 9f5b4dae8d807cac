# Data attribute monitoring probes on a kernel without them (before 7.2,
# so every test kernel): start and tune asking for probes fail in one
# line naming damo's feature, with no kdamond left running and DAMON's
# files as found.  Writing probes is checked on the emulator
# (ProbesControlTests, ProbesCLITests).

needs probes_missing sysfs !probes
scenario_probes_missing() {
    damo_err start paddr --probe_filter allow anon
    expect_match "$ERR" "sysfs/attrs_monitoring DAMON feature is not available" "refusal names the feature"
    expect_no_kdamond_on
    expect_kd nr_kdamonds 0

    # Files left by an earlier run stay as they were.
    damo_ok start "$(workload w 16 4 4)" --monitoring_intervals 5ms 100ms 1s
    wait_workload w
    damo_ok stop
    kd_params 0 > "$WORK/before"
    damo_err start --target_pid "$(info w pid)" --probe --probe_filter allow anon --probe_weight 2
    expect_match "$ERR" "sysfs/attrs_monitoring" "refusal names the feature"
    expect_no_kdamond_on
    expect_kd nr_kdamonds 1
    expect_params_as 0 "$WORK/before"

    # tune: the running kdamond keeps what it had.
    damo_ok start --target_pid "$(info w pid)" --monitoring_intervals 5ms 100ms 1s
    local kpid
    kpid=$(kd 0/pid)
    kd_params 0 > "$WORK/running"
    damo_err tune --target_pid "$(info w pid)" --monitoring_intervals 5ms 100ms 1s --probe_filter reject memcg /
    expect_match "$ERR" "sysfs/attrs_monitoring" "tune's refusal names the feature"
    expect_kd 0/state on
    expect_kd 0/pid "$kpid"
    expect_params_as 0 "$WORK/running"
    damo_ok stop
    kill_workloads
    expect_no_kdamond_on
}
