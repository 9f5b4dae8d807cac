import DamoPlatform
import DamonModel

/// Installing and removing the snapshot scheme (or choosing the user's).
extension LiveSnapshots {
    /// Finds or installs the scheme in every context of the running
    /// kdamonds.  Throws LiveSnapshotUnsupported, with nothing changed,
    /// when the kernel has no tried regions.  For a record of a context
    /// with several targets, one scheme per target is installed, each with
    /// a `target` filter, so that each target's regions make a record of
    /// their own, as the tracepoint's do (tried regions do not say whose
    /// they are); kernels without target filters (before 6.6) get one
    /// scheme, whose records mix the targets' regions.
    public func prepare() throws {
        let running = try control.runningKdamonds()
        guard !running.isEmpty else { throw DamonControlError("no kdamond is running") }
        try requireTriedRegionsInterface()
        var toInstall: [Installation] = []
        var found: [(Int, Int, Int, Int?)] = []
        for k in running {
            let contexts = try reader.count(SysfsPaths.kdamond(k) + "/contexts/nr_contexts")
            for c in 0..<contexts {
                let intervals = try reader.readIntervals(k, c)
                if aggregationIntervalUs == nil {
                    aggregationIntervalUs = intervals.aggr.int
                    sampleIntervalUs = intervals.sample.int
                }
                let count = try reader.count(SysfsPaths.context(k, c) + "/schemes/nr_schemes")
                let targets = try reader.count(SysfsPaths.context(k, c) + "/targets/nr_targets")
                if purpose == .record && targets > 1 {
                    toInstall.append(Installation(k: k, c: c, index: count, intervals: intervals,
                                                  targets: (0..<targets).map { $0 }))
                    continue
                }
                var equivalent: Int? = nil
                for s in 0..<count where try isEquivalent(reader.readScheme(SysfsPaths.scheme(k, c, s)), intervals) {
                    equivalent = s
                    break
                }
                if let equivalent {
                    guard fs.isDirectory(SysfsPaths.scheme(k, c, equivalent) + "/tried_regions") else { throw unsupported() }
                    found.append((k, c, equivalent, nil))
                } else {
                    toInstall.append(Installation(k: k, c: c, index: count, intervals: intervals, targets: [nil]))
                }
            }
        }
        kdamonds = running
        if !toInstall.isEmpty {
            do {
                try installSchemes(toInstall)
            } catch let e as DamonFSError where toInstall.contains(where: { $0.targets.count > 1 }) && e.errno == EINVAL {
                // No target filters: one scheme for all targets.
                toInstall = toInstall.map { Installation(k: $0.k, c: $0.c, index: $0.index, intervals: $0.intervals, targets: [nil]) }
                try installSchemes(toInstall)
            }
        }
        for entry in toInstall {
            for (i, target) in entry.targets.enumerated() { found.append((entry.k, entry.c, entry.index + i, target)) }
        }
        found.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        sources = found.map { ($0.0, $0.1, $0.2) }
        sourceTargets = found.map(\.3)
        sourceFilters = found.map { entry in scheme.filters + (entry.3.map { [Self.onlyTarget($0)] } ?? []) }
        ownScheme = true
    }

    /// A scheme to install: its index in context C of kdamond K, and the
    /// targets it is for (nil: all).
    struct Installation {
        var k: Int, c: Int, index: Int, intervals: Intervals
        var targets: [Int?]
    }

    /// The filter that keeps a scheme to one target's regions.
    static func onlyTarget(_ t: Int) -> DamosFilter {
        DamosFilter(filterType: "target", matching: false, damonTargetIdx: .int(Int128(t)))
    }

    /// Removes what was installed and installs again for the targets the
    /// contexts have now (a record whose targets changed).
    public func reinstall() throws {
        try finish()
        sources = []
        sourceTargets = []
        sourceFilters = []
        try prepare()
    }

    /// Uses the given existing schemes (damo's `tried_regions_of`) instead
    /// of installing one.
    public func use(_ list: [(Int, Int, Int)]) throws {
        let running = try control.runningKdamonds()
        guard !running.isEmpty else { throw DamonControlError("no kdamond is running") }
        try requireTriedRegionsInterface()
        for (k, c, s) in list {
            guard running.contains(k) else { throw DamonControlError("kdamond \(k) is not running") }
            let dir = SysfsPaths.scheme(k, c, s)
            guard fs.isDirectory(dir) else { throw DamonControlError("no scheme \(s) in context \(c) of kdamond \(k)") }
            guard fs.isDirectory(dir + "/tried_regions") else { throw unsupported() }
            sources.append((k, c, s))
            sourceTargets.append(nil)
            sourceFilters.append(try reader.readScheme(dir).filters)
            if aggregationIntervalUs == nil {
                let intervals = try reader.readIntervals(k, c)
                aggregationIntervalUs = intervals.aggr.int
                sampleIntervalUs = intervals.sample.int
            }
        }
        kdamonds = Set(list.map(\.0)).sorted()
    }

    /// DAMON's debugfs interface never had tried regions (they came with
    /// Linux 6.2, after it was deprecated); nothing is written there.
    func requireTriedRegionsInterface() throws {
        if control.debugfs != nil {
            throw LiveSnapshotUnsupported("the DAMON debugfs interface has no DAMOS tried regions, so DAMON cannot be read while it runs")
        }
    }

    func unsupported() -> LiveSnapshotUnsupported {
        LiveSnapshotUnsupported("this kernel has no DAMOS tried regions (Linux 6.2 or later has them), so DAMON cannot be read while it runs")
    }

    /// A stat scheme that lists the regions ours would (damo's "effectively
    /// equal", in the kernel's units).
    func isEquivalent(_ other: Damos, _ intervals: Intervals) -> Bool {
        let a = scheme.accessPattern, b = other.accessPattern
        // Bounds beyond what a region can have list the same regions.
        let maxSamples = intervals.aggr / intervals.sample
        let maxAge = PyNum.int(Int128(UInt32.max))
        func clip(_ p: DamosAccessPattern) -> [PyNum] {
            let k = p.kernelUnits(intervals)
            return [p.szMin, min(p.szMax, .int(ulongMax)), min(k.nrAccessesMin, maxSamples + .int(1)),
                    min(k.nrAccessesMax, maxSamples), min(k.ageMin, maxAge + .int(1)), min(k.ageMax, maxAge)]
        }
        return other.action == .stat && clip(a) == clip(b)
            && other.quotas.szBytes == .int(0) && other.quotas.timeMs == .int(0) && other.quotas.goals.isEmpty
            && other.watermarks.metric == .none && other.filters == scheme.filters
            && appliesAsNeeded(other.applyIntervalUs, intervals)
    }

    /// Whether a scheme of this apply interval gives the snapshots wanted:
    /// a record needs one application per aggregation interval, at its
    /// end; a display takes any.
    func appliesAsNeeded(_ applyIntervalUs: PyNum, _ intervals: Intervals) -> Bool {
        switch purpose {
        case .record: applyIntervalUs == .int(0) || applyIntervalUs == intervals.aggr
        case .display: applyIntervalUs == .int(0) || applyIntervalUs == intervals.sample
        }
    }

    /// Adds the scheme after the existing ones of each context and commits.
    /// Writing `nr_schemes` makes the kernel recreate every scheme
    /// directory, so the existing schemes' files are written back first.
    func installSchemes(_ list: [Installation]) throws {
        let tx = SysfsTransaction(fs: fs)
        var committed: [Int] = []
        do {
            for entry in list {
                let dir = SysfsPaths.context(entry.k, entry.c) + "/schemes"
                var saved: [(String, String)] = []
                for s in 0..<entry.index { try tx.collectWritable(dir + "/\(s)", into: &saved) }
                try tx.write(dir + "/nr_schemes", String(entry.index + entry.targets.count))
                for (path, content) in saved { try tx.write(path, content) }
                for (i, target) in entry.targets.enumerated() {
                    let sdir = dir + "/\(entry.index + i)"
                    var ours = scheme
                    // For a display, as damo: applied every sampling
                    // interval where the kernel allows, so that tried
                    // regions come without waiting.  For a record: 0, the
                    // aggregation interval, whatever it is tuned to.
                    if purpose == .display, fs.exists(sdir + "/apply_interval_us") {
                        ours.applyIntervalUs = entry.intervals.sample
                    }
                    if let target { ours.filters.append(Self.onlyTarget(target)) }
                    try SysfsWriter(tx: tx).writeScheme(ours, entry.intervals, sdir)
                    guard fs.isDirectory(sdir + "/tried_regions") else { throw unsupported() }
                }
            }
            for k in Set(list.map(\.k)).sorted() {
                try updateTunedIntervals(k)
                try tx.command(SysfsPaths.kdamond(k) + "/state", "commit")
                committed.append(k)
            }
        } catch {
            tx.rollback()
            for k in committed { try? fs.write(SysfsPaths.kdamond(k) + "/state", "commit") }
            throw error
        }
        install = tx
        installedKdamonds = committed
    }

    /// Committing makes the kernel take the interval files; with intervals
    /// auto-tuning they must hold the tuned values first.
    func updateTunedIntervals(_ k: Int) throws {
        let goal = SysfsPaths.context(k, 0) + "/monitoring_attrs/intervals/intervals_goal/aggrs"
        if fs.exists(goal), try reader.count(goal) != 0 {
            try fs.write(SysfsPaths.kdamond(k) + "/state", "update_tuned_intervals")
        }
    }

    /// Removes the installed scheme: the files as they were, committed to
    /// the kdamonds that still run.
    public func finish() throws {
        guard let tx = install else { return }
        install = nil
        var failures: [String] = []
        for k in installedKdamonds where (try? reader.state(k)) == "on" {
            do { try updateTunedIntervals(k) } catch { failures.append("\(error)") }
        }
        failures += tx.rollback().map { "\($0)" }
        for k in installedKdamonds where (try? reader.state(k)) == "on" {
            do { try fs.write(SysfsPaths.kdamond(k) + "/state", "commit") } catch { failures.append("\(error)") }
        }
        if !failures.isEmpty {
            throw DamonControlError("removing the snapshot scheme failed: \(failures.joined(separator: "; "))")
        }
    }
}
