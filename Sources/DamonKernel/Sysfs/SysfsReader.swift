import DamonModel

/// Reads kdamonds back from DAMON's sysfs files, for status reports and
/// for knowing what is running.  Files an older kernel lacks leave their
/// parameters at the defaults (what such a kernel does).
struct SysfsReader {
    let fs: DamonFS

    func text(_ path: String) throws -> String { try fs.read(path) }
    func number(_ path: String) throws -> PyNum {
        let t = try fs.read(path)
        guard let v = UnitParse.pyInt(t) else {
            throw DamonControlError("unexpected content '\(t)' in \(path)")
        }
        return .int(v)
    }
    func optionalNumber(_ path: String) throws -> PyNum? { fs.exists(path) ? try number(path) : nil }
    /// A number that must fit an Int (not clamped).
    func int(_ path: String) throws -> Int {
        let n = try number(path)
        guard let i = RecordLimits.integer(n) else { throw DamonControlError("unexpected value '\(n)' in \(path)") }
        return i
    }

    /// A number of directories (nr_kdamonds, nr_targets, ...), which the
    /// kernel makes as 0 to N-1 beside the file: never negative, and never
    /// more than that directory holds, or a loop over them would trap or
    /// reserve gigabytes for directories that are not there.
    func count(_ path: String) throws -> Int {
        let n = try number(path)
        guard n >= .int(0), n <= .int(Int128(Int32.max)) else {
            throw DamonControlError("unexpected count '\(n)' in \(path)")
        }
        if n.int > 0 {
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            let entries = try fs.list(dir).count
            guard n.int < entries else {
                throw DamonControlError("\(path) counts \(n) directories, but \(dir) holds \(entries - 1)")
            }
        }
        return n.int
    }
    func flag(_ path: String) throws -> Bool { try text(path) == "Y" }

    func kdamondCount() throws -> Int {
        try count(SysfsPaths.kdamonds + "/nr_kdamonds")
    }

    func readKdamonds() throws -> [Kdamond] {
        try (0..<kdamondCount()).map { try readKdamond($0) }
    }

    func state(_ k: Int) throws -> String { try text(SysfsPaths.kdamond(k) + "/state") }

    func readKdamond(_ k: Int) throws -> Kdamond {
        let dir = SysfsPaths.kdamond(k)
        let state = try text(dir + "/state")
        let pid = try number(dir + "/pid").int
        let contexts = try (0..<count(dir + "/contexts/nr_contexts")).map { try readContext(k, $0) }
        return Kdamond(state: state, pid: pid == -1 ? nil : pid,
                       refreshMs: try optionalNumber(dir + "/refresh_ms") ?? .int(0), contexts: contexts)
    }

    func readContext(_ k: Int, _ c: Int) throws -> DamonContext {
        let dir = SysfsPaths.context(k, c)
        let opsName = try text(dir + "/operations")
        guard let ops = DamonOps(rawValue: opsName) else {
            throw DamonControlError("unknown operations set '\(opsName)' in \(dir)/operations")
        }
        let attrs = dir + "/monitoring_attrs"
        let intervals = try readIntervals(k, c)
        let nrRegions = NrRegionsRange(min: try number(attrs + "/nr_regions/min"), max: try number(attrs + "/nr_regions/max"))
        let targets = try (0..<count(dir + "/targets/nr_targets")).map { t -> DamonTarget in
            let tdir = dir + "/targets/\(t)"
            let regions = try (0..<count(tdir + "/regions/nr_regions")).map {
                AddressRange(start: try number(tdir + "/regions/\($0)/start"), end: try number(tdir + "/regions/\($0)/end"))
            }
            return DamonTarget(pid: ops.targetHasPid ? try number(tdir + "/pid_target").int : nil,
                               obsolete: fs.exists(tdir + "/obsolete_target") ? try flag(tdir + "/obsolete_target") : false,
                               regions: regions)
        }
        let schemes = try (0..<count(dir + "/schemes/nr_schemes")).map {
            try readScheme(SysfsPaths.scheme(k, c, $0))
        }
        return DamonContext(ops: ops, addrUnit: try optionalNumber(dir + "/addr_unit") ?? .int(1), targets: targets,
                            intervals: intervals, nrRegions: nrRegions, probes: try readProbes(k, c), schemes: schemes)
    }

    func readScheme(_ dir: String) throws -> Damos {
        let actionName = try text(dir + "/action")
        guard let action = DamosAction(rawValue: actionName) else {
            throw DamonControlError("unknown DAMOS action '\(actionName)' in \(dir)/action")
        }
        let ap = dir + "/access_pattern"
        let pattern = DamosAccessPattern(
            szMin: try number(ap + "/sz/min"), szMax: try number(ap + "/sz/max"),
            nrAccessesMin: try number(ap + "/nr_accesses/min"), nrAccessesMax: try number(ap + "/nr_accesses/max"),
            nrAccessesUnit: .samples,
            ageMin: try number(ap + "/age/min"), ageMax: try number(ap + "/age/max"), ageUnit: .aggrIntervals)
        let qdir = dir + "/quotas"
        var goals: [DamosQuotaGoal] = []
        if fs.exists(qdir + "/goals") {
            goals = try (0..<count(qdir + "/goals/nr_goals")).map { g -> DamosQuotaGoal in
                let gdir = qdir + "/goals/\(g)"
                let metricName = fs.exists(gdir + "/target_metric") ? try text(gdir + "/target_metric") : "user_input"
                guard let metric = DamosQuotaGoalMetric(rawValue: metricName) else {
                    throw DamonControlError("unknown quota goal metric '\(metricName)' in \(gdir)")
                }
                return DamosQuotaGoal(metric: metric, targetValue: try number(gdir + "/target_value"),
                                      currentValue: try number(gdir + "/current_value"),
                                      nid: try optionalNumber(gdir + "/nid"),
                                      memcgPath: fs.exists(gdir + "/path") ? try text(gdir + "/path") : nil)
            }
        }
        let quotas = DamosQuotas(
            timeMs: try number(qdir + "/ms"), szBytes: try number(qdir + "/bytes"),
            resetIntervalMs: try number(qdir + "/reset_interval_ms"),
            weightSzPermil: try number(qdir + "/weights/sz_permil"),
            weightNrAccessesPermil: try number(qdir + "/weights/nr_accesses_permil"),
            weightAgePermil: try number(qdir + "/weights/age_permil"), goals: goals,
            effectiveSzBytes: try optionalNumber(qdir + "/effective_bytes") ?? .int(0))
        let wdir = dir + "/watermarks"
        let metricName = try text(wdir + "/metric")
        guard let metric = DamosWatermarks.Metric(rawValue: metricName) else {
            throw DamonControlError("unknown watermarks metric '\(metricName)' in \(wdir)/metric")
        }
        let watermarks = DamosWatermarks(metric: metric, intervalUs: try number(wdir + "/interval_us"),
                                         highPermil: try number(wdir + "/high"), midPermil: try number(wdir + "/mid"),
                                         lowPermil: try number(wdir + "/low"))
        var filters: [DamosFilter] = []
        for list in ["filters", "core_filters", "ops_filters"] where fs.exists(dir + "/" + list) {
            filters += try readFilters(dir + "/" + list)
        }
        var dests: [DamosDest] = []
        if fs.exists(dir + "/dests") {
            dests = try (0..<count(dir + "/dests/nr_dests")).map {
                DamosDest(id: try number(dir + "/dests/\($0)/id"), weight: try number(dir + "/dests/\($0)/weight"))
            }
        }
        let stats = try readStats(dir + "/stats")
        return Damos(action: action,
                     targetNid: action.isMigration ? try optionalNumber(dir + "/target_nid")?.int : nil,
                     dests: dests, accessPattern: pattern,
                     applyIntervalUs: try optionalNumber(dir + "/apply_interval_us") ?? .int(0),
                     quotas: quotas, watermarks: watermarks, filters: filters, stats: stats,
                     triedRegions: try readTriedRegions(dir + "/tried_regions"))
    }

    func readStats(_ sdir: String) throws -> DamosStats {
        var stats = DamosStats()
        stats.nrTried = try number(sdir + "/nr_tried")
        stats.szTried = try number(sdir + "/sz_tried")
        stats.nrApplied = try number(sdir + "/nr_applied")
        stats.szApplied = try number(sdir + "/sz_applied")
        stats.szOpsFilterPassed = try optionalNumber(sdir + "/sz_ops_filter_passed") ?? .int(0)
        stats.qtExceeds = try number(sdir + "/qt_exceeds")
        stats.nrSnapshots = try optionalNumber(sdir + "/nr_snapshots") ?? .int(0)
        stats.maxNrSnapshots = try optionalNumber(sdir + "/max_nr_snapshots") ?? .int(0)
        return stats
    }

    func readIntervals(_ k: Int, _ c: Int) throws -> Intervals {
        let attrs = SysfsPaths.context(k, c) + "/monitoring_attrs"
        var intervals = Intervals(sample: try number(attrs + "/intervals/sample_us"),
                                  aggr: try number(attrs + "/intervals/aggr_us"),
                                  opsUpdate: try number(attrs + "/intervals/update_us"))
        let goalDir = attrs + "/intervals/intervals_goal"
        if fs.exists(goalDir) {
            intervals.goal = IntervalsGoal(accessBp: try number(goalDir + "/access_bp"), aggrs: try number(goalDir + "/aggrs"),
                                           minSampleUs: try number(goalDir + "/min_sample_us"),
                                           maxSampleUs: try number(goalDir + "/max_sample_us"))
        }
        return intervals
    }

    func readFilters(_ dir: String) throws -> [DamosFilter] {
        try (0..<count(dir + "/nr_filters")).map { f -> DamosFilter in
            let fdir = dir + "/\(f)"
            let type = try text(fdir + "/type")
            var filter = DamosFilter(filterType: type, matching: try flag(fdir + "/matching"),
                                     allow: fs.exists(fdir + "/allow") ? try flag(fdir + "/allow") : false)
            switch type {
            case "memcg": filter.memcgPath = try text(fdir + "/memcg_path")
            case "addr":
                filter.addressRange = Region(start: try number(fdir + "/addr_start").int, end: try number(fdir + "/addr_end").int)
            case "target": filter.damonTargetIdx = try number(fdir + "/damon_target_idx")
            case "hugepage_size": filter.hugepageSize = [try number(fdir + "/min"), try number(fdir + "/max")]
            default: break
            }
            return filter
        }
    }

    func readTriedRegions(_ dir: String) throws -> [Region]? {
        guard fs.exists(dir) else { return nil }
        let names = try fs.list(dir).compactMap { Int($0) }.sorted()
        return try names.map { r in
            let rdir = dir + "/\(r)"
            let passed = rdir + "/sz_filter_passed"
            let region = Region(start: try int(rdir + "/start"), end: try int(rdir + "/end"),
                                samples: try int(rdir + "/nr_accesses"), aggrIntervals: try int(rdir + "/age"),
                                szFilterPassed: fs.exists(passed) ? try int(passed) : 0,
                                probeHits: try readProbeHits(rdir))
            // What records may hold (snapshots are made of these).
            if let problem = RecordLimits.problem(region) { throw DamonControlError("\(rdir): \(problem)") }
            return region
        }
    }
}
