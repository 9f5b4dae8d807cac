/// DAMON_RECLAIM, DAMON_LRU_SORT and DAMON_STAT.
struct ModuleFamilies {
    var enabled = MetricFamily("damon_module_enabled", .gauge,
                               help: "1 when the DAMON module's 'enabled' parameter is Y (module: reclaim, lru_sort, stat).")
    var pid = MetricFamily("damon_module_kdamond_pid", .gauge, help: "Process id of the module's running kdamond.")
    var reclaimTried = MetricFamily("damon_reclaim_tried_regions", .counter, help: "Regions DAMON_RECLAIM tried to reclaim.")
    var reclaimTriedBytes = MetricFamily("damon_reclaim_tried_bytes", .counter, unit: "bytes",
                                         help: "Bytes of the regions DAMON_RECLAIM tried to reclaim.")
    var reclaimed = MetricFamily("damon_reclaim_reclaimed_regions", .counter, help: "Regions DAMON_RECLAIM reclaimed.")
    var reclaimedBytes = MetricFamily("damon_reclaim_reclaimed_bytes", .counter, unit: "bytes",
                                      help: "Bytes DAMON_RECLAIM reclaimed.")
    var reclaimExceeds = MetricFamily("damon_reclaim_quota_exceeds", .counter, help: "Times DAMON_RECLAIM's quota was exceeded.")
    var lruTried = MetricFamily("damon_lru_sort_tried_regions", .counter,
                                help: "Regions DAMON_LRU_SORT tried to prioritize (temperature=hot) or deprioritize (cold).")
    var lruTriedBytes = MetricFamily("damon_lru_sort_tried_bytes", .counter, unit: "bytes",
                                     help: "Bytes of the regions DAMON_LRU_SORT tried to (de)prioritize.")
    var lruSorted = MetricFamily("damon_lru_sort_sorted_regions", .counter, help: "Regions DAMON_LRU_SORT (de)prioritized.")
    var lruSortedBytes = MetricFamily("damon_lru_sort_sorted_bytes", .counter, unit: "bytes",
                                      help: "Bytes DAMON_LRU_SORT (de)prioritized.")
    var lruExceeds = MetricFamily("damon_lru_sort_quota_exceeds", .counter, help: "Times DAMON_LRU_SORT's quota was exceeded.")
    var statBandwidth = MetricFamily("damon_stat_memory_bandwidth_bytes_per_second", .gauge,
                                     help: "DAMON_STAT's estimated memory bandwidth (estimated_memory_bandwidth).")
    var statAggr = MetricFamily("damon_stat_aggregation_interval_seconds", .gauge, unit: "seconds",
                                help: "DAMON_STAT's (auto-tuned) aggregation interval.")
    var statIdle = MetricFamily("damon_stat_memory_idle_seconds", .summary, unit: "seconds",
                                help: "How long memory has been idle, by percentile of all memory DAMON_STAT sees (negative: recently accessed, on kernels that tell).")

    /// The modules' enabled state, pids, statistics and DAMON_STAT.
    mutating func add(_ modules: [ModuleState], stat: StatModuleState?) {
        for m in modules {
            let ml: [(name: String, value: String)] = [("module", m.name)]
            enabled.add(ml, .int(m.enabled ? 1 : 0))
            if let p = m.pid { pid.add(ml, .int(Int64(p))) }
            for (param, value) in m.stats.sorted(by: { $0.key < $1.key }) {
                addStat(param, value)
            }
        }
        guard let stat else { return }
        enabled.add([("module", "stat")], .int(stat.enabled ? 1 : 0))
        if let v = stat.bandwidthBytesPerSecond { statBandwidth.add([], .uint(v)) }
        if let v = stat.aggrIntervalUs { statAggr.add([], .double(Double(v) / 1e6)) }
        if let p = stat.idleMsPercentiles {
            for (i, ms) in p.enumerated() {
                statIdle.add([("quantile", quantileText(i))], .double(Double(ms) / 1e3))
            }
        }
    }

    /// Percentile i as a quantile label ("0", "0.01", ..., "1").
    func quantileText(_ i: Int) -> String {
        i == 0 ? "0" : i == 100 ? "1" : i < 10 ? "0.0\(i)" : (i % 10 == 0 ? "0.\(i / 10)" : "0.\(i)")
    }

    mutating func addStat(_ param: String, _ value: UInt64) {
        let v = MetricValue.uint(value)
        switch param {
        case "nr_reclaim_tried_regions": reclaimTried.add([], v)
        case "bytes_reclaim_tried_regions": reclaimTriedBytes.add([], v)
        case "nr_reclaimed_regions": reclaimed.add([], v)
        case "bytes_reclaimed_regions": reclaimedBytes.add([], v)
        case "nr_quota_exceeds": reclaimExceeds.add([], v)
        default:
            // lru_sort's: <kind>_<temperature>_... for hot and cold.
            let temperature = param.contains("_hot_") ? "hot" : "cold"
            let tl: [(name: String, value: String)] = [("temperature", temperature)]
            if param.hasPrefix("nr_lru_sort_tried_") { lruTried.add(tl, v) }
            else if param.hasPrefix("bytes_lru_sort_tried_") { lruTriedBytes.add(tl, v) }
            else if param.hasPrefix("nr_lru_sorted_") { lruSorted.add(tl, v) }
            else if param.hasPrefix("bytes_lru_sorted_") { lruSortedBytes.add(tl, v) }
            else if param.hasSuffix("_quota_exceeds") { lruExceeds.add(tl, v) }
        }
    }

    var all: [MetricFamily] {
        [enabled, pid, reclaimTried, reclaimTriedBytes, reclaimed, reclaimedBytes, reclaimExceeds, lruTried,
         lruTriedBytes, lruSorted, lruSortedBytes, lruExceeds, statBandwidth, statAggr, statIdle]
    }
}

/// `--snapshot`'s series, per context.
struct SnapshotFamilies {
    var regions = MetricFamily("damon_snapshot_nr_regions", .gauge, help: "Number of DAMON regions in the context's last snapshot.")
    var monitored = MetricFamily("damon_snapshot_monitored_bytes", .gauge, unit: "bytes",
                                 help: "Bytes DAMON monitored in the context's last snapshot.")
    var workingSet = MetricFamily("damon_snapshot_working_set_bytes", .gauge, unit: "bytes",
                                  help: "Bytes accessed in the last aggregation interval of the context's last snapshot.")
    var idle = MetricFamily("damon_snapshot_idle_seconds", .summary, unit: "seconds",
                            help: "How long the monitored bytes had been idle at the last snapshot, by quantile of the bytes.")
    var time = MetricFamily("damon_snapshot_timestamp_seconds", .gauge, unit: "seconds",
                            help: "Unix time of the context's last snapshot.")

    mutating func add(_ snapshots: [ContextSnapshot]) {
        for s in snapshots {
            let cl: [(name: String, value: String)] = [("kdamond", String(s.kdamond)), ("context", String(s.context))]
            regions.add(cl, .int(Int64(s.nrRegions)))
            monitored.add(cl, .uint(s.monitoredBytes))
            workingSet.add(cl, .uint(s.workingSetBytes))
            for q in s.idleQuantiles { idle.add(cl + [("quantile", MetricValue.double(q.quantile).text)], .double(q.seconds)) }
            time.add(cl, .double(s.time))
        }
    }

    var all: [MetricFamily] { [regions, monitored, workingSet, idle, time] }
}
