import DamonModel
import DamoPlatform

/// Writes kdamonds' parameters into DAMON's sysfs files, in an order the
/// kernel accepts (counts before the directories they create), through a
/// transaction so a failure can be undone.  Which optional files exist is
/// how features of the running kernel are detected: a parameter whose file
/// is missing is an error only when it is not at its default.
struct SysfsWriter {
    let tx: SysfsTransaction
    var fs: DamonFS { tx.fs }

    func number(_ n: PyNum) -> String { PyFormat.int(n) }
    func flag(_ b: Bool) -> String { b ? "Y" : "N" }

    /// Writes `value` to an optional file; without the file, only the
    /// default value is acceptable.
    func optional(_ path: String, _ value: String, isDefault: Bool, feature: String) throws {
        if fs.exists(path) {
            try tx.write(path, value)
        } else if !isDefault {
            throw DamonControlError("this kernel does not support \(feature) (no \(path))")
        }
    }

    func writeKdamonds(_ kdamonds: [Kdamond]) throws {
        try tx.write(SysfsPaths.kdamonds + "/nr_kdamonds", String(kdamonds.count))
        for (k, kdamond) in kdamonds.enumerated() {
            try writeKdamond(kdamond, k)
        }
    }

    func writeKdamond(_ kdamond: Kdamond, _ k: Int) throws {
        let dir = SysfsPaths.kdamond(k)
        try optional(dir + "/refresh_ms", number(kdamond.refreshMs), isDefault: kdamond.refreshMs == .int(0),
                     feature: "periodic status refresh (refresh_ms)")
        do {
            try tx.write(dir + "/contexts/nr_contexts", String(kdamond.contexts.count))
        } catch {
            // Linux (6.1 to 6.18 at least) runs one context per kdamond.
            if kdamond.contexts.count > 1, error.errno == EINVAL {
                throw DamonControlError("this kernel supports only one context per kdamond (\(kdamond.contexts.count) given for kdamond \(k): \(error))")
            }
            throw error
        }
        for (c, context) in kdamond.contexts.enumerated() {
            try writeContext(context, k, c)
        }
    }

    func writeContext(_ context: DamonContext, _ k: Int, _ c: Int) throws {
        let dir = SysfsPaths.context(k, c)
        // A kernel without probes is told before the context's first write
        // (the kdamond's writes before it are undone by the transaction).
        if !context.probes.isEmpty { try requireProbes(dir + "/monitoring_attrs/probes") }
        let available = (try? fs.read(dir + "/avail_operations"))?.split(whereSeparator: { $0 == " " || $0 == "\n" })
        if let available, !available.contains(Substring(context.ops.rawValue)) {
            throw DamonControlError("this kernel does not support the '\(context.ops.rawValue)' operations set (available: \(available.joined(separator: " ")))")
        }
        try tx.write(dir + "/operations", context.ops.rawValue)
        // Parameters of kernels newer than any layout damo writes yet: only
        // their defaults can be honoured.
        try optional(dir + "/pause", flag(context.pause), isDefault: !context.pause, feature: "pausing contexts")
        if context.sampleControl != DamonSampleControl() {
            throw DamonControlError("this kernel does not support sampling control (page fault sampling, sample filters)")
        }
        try optional(dir + "/addr_unit", number(context.addrUnit), isDefault: context.addrUnit == .int(1),
                     feature: "address unit (addr_unit)")
        let attrs = dir + "/monitoring_attrs"
        try tx.write(attrs + "/intervals/sample_us", number(context.intervals.sample))
        try tx.write(attrs + "/intervals/aggr_us", number(context.intervals.aggr))
        try tx.write(attrs + "/intervals/update_us", number(context.intervals.opsUpdate))
        let goal = context.intervals.goal
        let goalDir = attrs + "/intervals/intervals_goal"
        if fs.exists(goalDir) {
            try tx.write(goalDir + "/access_bp", number(.int(goal.accessBp.truncated)))
            try tx.write(goalDir + "/aggrs", number(goal.aggrs))
            try tx.write(goalDir + "/min_sample_us", number(goal.minSampleUs))
            try tx.write(goalDir + "/max_sample_us", number(goal.maxSampleUs))
        } else if goal.enabled {
            throw DamonControlError("this kernel does not support monitoring intervals auto-tuning (no \(goalDir))")
        }
        try tx.write(attrs + "/nr_regions/min", number(context.nrRegions.min))
        try tx.write(attrs + "/nr_regions/max", number(context.nrRegions.max))
        try writeProbes(context.probes, attrs + "/probes")

        try tx.write(dir + "/targets/nr_targets", String(context.targets.count))
        for (t, target) in context.targets.enumerated() {
            let tdir = dir + "/targets/\(t)"
            if context.ops.targetHasPid {
                guard let pid = target.pid else {
                    throw DamonControlError("target \(t) of context \(c) needs a pid for \(context.ops.rawValue)")
                }
                try tx.write(tdir + "/pid_target", String(pid))
            }
            try optional(tdir + "/obsolete_target", flag(target.obsolete), isDefault: !target.obsolete,
                         feature: "obsolete targets")
            try tx.write(tdir + "/regions/nr_regions", String(target.regions.count))
            for (r, region) in target.regions.enumerated() {
                try tx.write(tdir + "/regions/\(r)/start", number(region.start))
                try tx.write(tdir + "/regions/\(r)/end", number(region.end))
            }
        }

        try tx.write(dir + "/schemes/nr_schemes", String(context.schemes.count))
        for (s, scheme) in context.schemes.enumerated() {
            try writeScheme(scheme, context.intervals, SysfsPaths.scheme(k, c, s))
        }
    }

    /// A scheme's quota goals (all of them: writing nr_goals makes the
    /// kernel recreate their directories).
    func writeQuotaGoals(_ q: DamosQuotas, _ qdir: String) throws {
        if fs.exists(qdir + "/goals") {
            try tx.write(qdir + "/goals/nr_goals", String(q.goals.count))
            for (g, goal) in q.goals.enumerated() {
                let gdir = qdir + "/goals/\(g)"
                try tx.write(gdir + "/target_metric", goal.metric.rawValue)
                try tx.write(gdir + "/target_value", number(goal.targetValue))
                if goal.metric == .userInput {
                    try tx.write(gdir + "/current_value", number(goal.currentValue))
                }
                if goal.metric.requiresNid {
                    try optional(gdir + "/nid", number(goal.nid ?? .int(0)), isDefault: false, feature: "per-node quota goals")
                }
                if goal.metric.requiresMemcgPath {
                    try optional(gdir + "/path", goal.memcgPath ?? "", isDefault: false, feature: "memcg quota goals")
                }
            }
        } else if !q.goals.isEmpty {
            throw DamonControlError("this kernel does not support DAMOS quota goals (no \(qdir)/goals)")
        }
    }

    func writeScheme(_ scheme: Damos, _ intervals: Intervals, _ dir: String) throws {
        // Kernels without target_nid (before 6.11) have no migration
        // actions either: said before the kernel refuses the action.
        if scheme.action.isMigration && !fs.exists(dir + "/target_nid") {
            throw DamonControlError("this kernel does not support the DAMOS action '\(scheme.action.rawValue)' (no \(dir)/target_nid)")
        }
        try tx.write(dir + "/action", scheme.action.rawValue)
        if scheme.action.isMigration {
            try optional(dir + "/target_nid", String(scheme.targetNid ?? -1), isDefault: scheme.targetNid == nil,
                         feature: "migration schemes (target_nid)")
        }
        try optional(dir + "/apply_interval_us", number(scheme.applyIntervalUs),
                     isDefault: scheme.applyIntervalUs == .int(0), feature: "per-scheme apply intervals")
        let pattern = scheme.accessPattern
        let units = pattern.kernelUnits(intervals)
        let ap = dir + "/access_pattern"
        try tx.write(ap + "/sz/min", number(pattern.szMin))
        try tx.write(ap + "/sz/max", number(pattern.szMax))
        try tx.write(ap + "/nr_accesses/min", number(units.nrAccessesMin))
        try tx.write(ap + "/nr_accesses/max", number(units.nrAccessesMax))
        try tx.write(ap + "/age/min", number(units.ageMin))
        try tx.write(ap + "/age/max", number(units.ageMax))

        let q = scheme.quotas, qdir = dir + "/quotas"
        try tx.write(qdir + "/ms", number(q.timeMs))
        try tx.write(qdir + "/bytes", number(q.szBytes))
        try tx.write(qdir + "/reset_interval_ms", number(q.resetIntervalMs))
        try tx.write(qdir + "/weights/sz_permil", number(q.weightSzPermil))
        try tx.write(qdir + "/weights/nr_accesses_permil", number(q.weightNrAccessesPermil))
        try tx.write(qdir + "/weights/age_permil", number(q.weightAgePermil))
        try optional(qdir + "/goal_tuner", q.goalTuner, isDefault: q.goalTuner == "consist",
                     feature: "quota goal tuners other than consist")
        if q.failChargeNum != .int(0) || q.failChargeDenom != .int(0) {
            guard fs.exists(qdir + "/fail_charge_num") else {
                throw DamonControlError("this kernel does not support quota fail charge ratios")
            }
            try tx.write(qdir + "/fail_charge_num", number(q.failChargeNum))
            try tx.write(qdir + "/fail_charge_denom", number(q.failChargeDenom))
        }
        try writeQuotaGoals(q, qdir)

        let w = scheme.watermarks, wdir = dir + "/watermarks"
        try tx.write(wdir + "/metric", w.metric.rawValue)
        try tx.write(wdir + "/interval_us", number(w.intervalUs))
        try tx.write(wdir + "/high", number(w.highPermil))
        try tx.write(wdir + "/mid", number(w.midPermil))
        try tx.write(wdir + "/low", number(w.lowPermil))

        try writeFilters(scheme.filters, dir)

        if fs.exists(dir + "/dests") {
            try tx.write(dir + "/dests/nr_dests", String(scheme.dests.count))
            for (d, dest) in scheme.dests.enumerated() {
                try tx.write(dir + "/dests/\(d)/id", number(dest.id))
                try tx.write(dir + "/dests/\(d)/weight", number(dest.weight))
            }
        } else if !scheme.dests.isEmpty {
            throw DamonControlError("this kernel does not support migration destinations (no \(dir)/dests)")
        }
    }

    /// Newer kernels split filters into core_filters and ops_filters; older
    /// ones have one `filters` list; the oldest none.
    func writeFilters(_ filters: [DamosFilter], _ dir: String) throws {
        if fs.exists(dir + "/core_filters") {
            try writeFilterList(filters.filter { !$0.handledByOps }, dir + "/core_filters")
            try writeFilterList(filters.filter { $0.handledByOps }, dir + "/ops_filters")
            // The old directory stays empty: the kernel would mix its
            // filters with the new ones.
            if fs.exists(dir + "/filters") { try tx.write(dir + "/filters/nr_filters", "0") }
        } else if fs.exists(dir + "/filters") {
            try writeFilterList(filters, dir + "/filters")
        } else if !filters.isEmpty {
            throw DamonControlError("this kernel does not support DAMOS filters (no \(dir)/filters)")
        }
    }

    func writeFilterList(_ filters: [DamosFilter], _ dir: String) throws {
        try tx.write(dir + "/nr_filters", String(filters.count))
        for (f, filter) in filters.enumerated() {
            let fdir = dir + "/\(f)"
            guard fs.exists(fdir + "/type") else { continue }
            try tx.write(fdir + "/type", filter.filterType)
            try tx.write(fdir + "/matching", flag(filter.matching))
            try optional(fdir + "/allow", flag(filter.allow), isDefault: !filter.allow, feature: "allow filters")
            if let path = filter.memcgPath { try tx.write(fdir + "/memcg_path", path) }
            if let range = filter.addressRange {
                try tx.write(fdir + "/addr_start", String(range.start))
                try tx.write(fdir + "/addr_end", String(range.end))
            }
            if let idx = filter.damonTargetIdx { try tx.write(fdir + "/damon_target_idx", number(idx)) }
            if let sizes = filter.hugepageSize, sizes.count == 2 {
                try tx.write(fdir + "/min", number(sizes[0]))
                try tx.write(fdir + "/max", number(sizes[1]))
            }
        }
    }
}
