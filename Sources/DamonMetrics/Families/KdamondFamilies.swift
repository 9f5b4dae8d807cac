/// The series of kdamonds, contexts, targets and DAMOS schemes.  Names
/// follow Prometheus' conventions (base units, `_total` counters) with
/// DAMON's vocabulary; labels name the sysfs directories' indices.
struct KdamondFamilies {
    var count = MetricFamily("damon_kdamonds", .gauge, help: "Number of kdamond directories in DAMON's sysfs interface.")
    var running = MetricFamily("damon_kdamond_running", .gauge, help: "1 when the kdamond's state is on, 0 when off.")
    var pid = MetricFamily("damon_kdamond_pid", .gauge, help: "Process id of the running kdamond thread.")
    var refresh = MetricFamily("damon_kdamond_refresh_interval_seconds", .gauge, unit: "seconds",
                               help: "Interval of the kernel's own status file updates (refresh_ms); 0 when off.")
    var contextInfo = MetricFamily("damon_context_info", .gauge, help: "A monitoring context, with its operations set (ops).")
    var sample = MetricFamily("damon_context_sampling_interval_seconds", .gauge, unit: "seconds",
                              help: "Sampling interval (as tuned, where the kernel auto-tunes it).")
    var aggr = MetricFamily("damon_context_aggregation_interval_seconds", .gauge, unit: "seconds",
                            help: "Aggregation interval (as tuned, where the kernel auto-tunes it).")
    var update = MetricFamily("damon_context_ops_update_interval_seconds", .gauge, unit: "seconds",
                              help: "Interval of the operations set's monitoring target updates.")
    var minRegions = MetricFamily("damon_context_nr_regions_min", .gauge, help: "Minimum number of monitoring regions.")
    var maxRegions = MetricFamily("damon_context_nr_regions_max", .gauge, help: "Maximum number of monitoring regions.")
    var targetPid = MetricFamily("damon_target_pid", .gauge, help: "Process id of a virtual address space target.")
    var initRegions = MetricFamily("damon_target_init_regions", .gauge,
                                   help: "Number of monitoring regions set for the target (vaddr targets without any get theirs from DAMON).")
    var monitoredBytes = MetricFamily("damon_target_monitored_bytes", .gauge, unit: "bytes",
                                      help: "Bytes of the monitoring regions set for the target.")
    var tried = MetricFamily("damon_scheme_tried_regions", .counter, help: "Regions the scheme's action was tried on (nr_tried).")
    var triedBytes = MetricFamily("damon_scheme_tried_bytes", .counter, unit: "bytes",
                                  help: "Bytes of the regions the scheme's action was tried on (sz_tried).")
    var applied = MetricFamily("damon_scheme_applied_regions", .counter, help: "Regions the scheme's action was applied to (nr_applied).")
    var appliedBytes = MetricFamily("damon_scheme_applied_bytes", .counter, unit: "bytes",
                                    help: "Bytes the scheme's action was applied to (sz_applied).")
    var filterPassed = MetricFamily("damon_scheme_ops_filter_passed_bytes", .counter, unit: "bytes",
                                    help: "Bytes that passed the operations set's DAMOS filters (sz_ops_filter_passed).")
    var quotaExceeds = MetricFamily("damon_scheme_quota_exceeds", .counter, help: "Times the scheme's quota was exceeded (qt_exceeds).")
    var snapshots = MetricFamily("damon_scheme_snapshots", .counter, help: "DAMON snapshots the scheme was applied on (nr_snapshots).")
    var effectiveQuota = MetricFamily("damon_scheme_effective_quota_bytes", .gauge, unit: "bytes",
                                      help: "The size quota in effect, from the time and size quotas and the quota goals.")
    var goalTarget = MetricFamily("damon_scheme_quota_goal_target", .gauge,
                                  help: "A quota goal's target value: a ratio for *_bp metrics, seconds for some_mem_psi_us, as written otherwise.")
    var goalCurrent = MetricFamily("damon_scheme_quota_goal_current", .gauge,
                                   help: "A quota goal's current value, in the units of damon_scheme_quota_goal_target.")
    var watermarksActive = MetricFamily("damon_scheme_watermarks_active", .gauge,
                                        help: "1 when the scheme's watermarks let it act (always without a watermarks metric), as the kernel decides from the free memory rate.")

    typealias Labels = [(name: String, value: String)]

    mutating func add(_ kdamonds: [KdamondState], sysfsPresent: Bool,
                      watermarks: (KdamondState, ContextState, SchemeState) -> Bool?) {
        if sysfsPresent { count.add([], .int(Int64(kdamonds.count))) }
        for k in kdamonds {
            let kl: Labels = [("kdamond", String(k.index))]
            running.add(kl, .int(k.running ? 1 : 0))
            if k.running, let p = k.pid { pid.add(kl, .int(Int64(p))) }
            if let ms = k.refreshMs { refresh.add(kl, .double(Double(ms) / 1e3)) }
            for c in k.contexts {
                let cl = kl + [("context", String(c.index))]
                contextInfo.add(cl + [("ops", c.ops)], .int(1))
                sample.add(cl, .double(Double(c.sampleUs) / 1e6))
                aggr.add(cl, .double(Double(c.aggrUs) / 1e6))
                update.add(cl, .double(Double(c.updateUs) / 1e6))
                minRegions.add(cl, .uint(c.minNrRegions))
                maxRegions.add(cl, .uint(c.maxNrRegions))
                for t in c.targets {
                    let tl = cl + [("target", String(t.index))]
                    if let p = t.pid { targetPid.add(tl, .int(Int64(p))) }
                    initRegions.add(tl, .int(Int64(t.nrRegions)))
                    if t.nrRegions > 0 { monitoredBytes.add(tl, .uint(t.regionBytes)) }
                }
                for s in c.schemes { add(s, cl + [("scheme", String(s.index)), ("action", s.action)], active: watermarks(k, c, s)) }
            }
        }
    }

    mutating func add(_ s: SchemeState, _ sl: Labels, active: Bool?) {
        let counters: [(String, WritableKeyPath<KdamondFamilies, MetricFamily>)] = [
            ("nr_tried", \.tried), ("sz_tried", \.triedBytes), ("nr_applied", \.applied),
            ("sz_applied", \.appliedBytes), ("sz_ops_filter_passed", \.filterPassed),
            ("qt_exceeds", \.quotaExceeds), ("nr_snapshots", \.snapshots),
        ]
        for (file, family) in counters {
            if let v = s.stats[file] { self[keyPath: family].add(sl, .uint(v)) }
        }
        if let v = s.effectiveQuotaBytes { effectiveQuota.add(sl, .uint(v)) }
        for g in s.goals {
            let gl = sl + [("goal", String(g.index)), ("metric", g.metric)]
            goalTarget.add(gl, Self.goalValue(g.metric, g.targetValue))
            goalCurrent.add(gl, Self.goalValue(g.metric, g.currentValue))
        }
        if let active { watermarksActive.add(sl, .int(active ? 1 : 0)) }
    }

    /// Goal values in base units: basis points as ratios, microseconds as
    /// seconds; other metrics (user_input, ...) as the kernel has them.
    static func goalValue(_ metric: String, _ v: UInt64) -> MetricValue {
        if metric.hasSuffix("_bp") { return .double(Double(v) / 1e4) }
        if metric.hasSuffix("_us") { return .double(Double(v) / 1e6) }
        return .uint(v)
    }

    var all: [MetricFamily] {
        [count, running, pid, refresh, contextInfo, sample, aggr, update, minRegions, maxRegions, targetPid,
         initRegions, monitoredBytes, tried, triedBytes, applied, appliedBytes, filterPassed, quotaExceeds,
         snapshots, effectiveQuota, goalTarget, goalCurrent, watermarksActive]
    }
}
