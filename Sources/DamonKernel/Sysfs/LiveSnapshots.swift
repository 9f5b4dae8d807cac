import DamonModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The running kernel cannot give live snapshots (no DAMOS tried regions).
public struct LiveSnapshotUnsupported: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Snapshots of running DAMON through the tried regions of a DAMOS `stat`
/// scheme (Linux 6.2+): an equivalent scheme of the running contexts is
/// reused, or one is added and committed; `update_schemes_tried_regions`
/// makes the kernel list the regions the scheme was tried at, and each
/// scheme's list becomes a record of one snapshot.  `finish()` removes
/// what was added, leaving the kernel's files and contexts as found.
public final class LiveSnapshots {
    /// What the snapshots are for.
    public enum Purpose: Sendable {
        /// A look at DAMON now (`report access`): the scheme is applied
        /// every sampling interval, as damo does, so the answer comes
        /// without waiting for the aggregation interval's end.
        case display
        /// A record: the scheme is applied at the end of each aggregation
        /// interval (apply interval 0), so that each snapshot holds the
        /// regions and counts of one whole aggregation interval, as the
        /// `damon:damon_aggregated` tracepoint shows them, timed by when
        /// the kernel applied it.
        case record
    }
    public let purpose: Purpose
    public let control: DamonControl
    var fs: DamonFS { control.fs }
    var reader: SysfsReader { SysfsReader(fs: fs) }
    /// The scheme whose tried regions make the snapshots.
    public let scheme: Damos
    /// Nanoseconds of the end of a snapshot taken now.
    let clock: () -> Int
    /// Kdamond, context and scheme index of each snapshot source.
    public private(set) var sources: [(kdamond: Int, context: Int, scheme: Int)] = []
    /// The target each source's scheme is limited to (by a `target`
    /// filter), for records of contexts with several targets.
    public private(set) var sourceTargets: [Int?] = []
    var kdamonds: [Int] = []
    /// The filters of each source's scheme.
    var sourceFilters: [[DamosFilter]] = []
    var install: SysfsTransaction?
    var installedKdamonds: [Int] = []
    /// When the kernel last applied the scheme for us (clock time).
    public private(set) var lastApplied: Int?
    /// The first source context's aggregation interval: how often a new
    /// snapshot can be had.
    public private(set) var aggregationIntervalUs: Int?
    var sampleIntervalUs: Int?
    /// Whether the sources are our scheme (installed or an equivalent
    /// one), not the user's (`use`).
    var ownScheme = false

    /// - Parameters:
    ///   - accessPattern, filters: the regions to list (default: all), and
    ///     the filters whose passed bytes the regions report.
    ///   - clock: the time stamps (damo's live snapshots: the wall clock).
    public init(control: DamonControl, accessPattern: DamosAccessPattern = DamosAccessPattern(),
                filters: [DamosFilter] = [], clock: @escaping () -> Int = LiveSnapshots.wallClockNs,
                purpose: Purpose = .display) {
        self.control = control
        scheme = Damos(action: .stat, accessPattern: accessPattern, filters: filters)
        self.clock = clock
        self.purpose = purpose
    }

    public static func wallClockNs() -> Int { clockNs(CLOCK_REALTIME) }
    /// The clock of perf's `-k CLOCK_MONOTONIC`, so that recorded snapshots
    /// and perf profiles share their time stamps.
    public static func monotonicNs() -> Int { clockNs(CLOCK_MONOTONIC) }

    static func clockNs(_ id: clockid_t) -> Int {
        var ts = timespec()
        clock_gettime(id, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }

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

    /// Asks the kernel for fresh tried regions and returns one record per
    /// source, each with one snapshot ending when the kernel applied the
    /// scheme (as far as can be seen; else now) and starting one
    /// aggregation interval earlier.  Contiguous regions of the same
    /// access pattern are merged unless `mergeRegions` is false (a record
    /// keeps the kernel's regions).  `withStats` updates the schemes'
    /// statistics first (another request, another 100 ms on Linux 6.12),
    /// for the snapshots' `damos_stats`.  A kdamond that ended meanwhile
    /// (its targets exited) gives none, and so does a record source whose
    /// scheme the kernel did not get to apply in time (an empty list where
    /// every region should be): that aggregation interval is missed.
    public func take(mergeRegions: Bool = true, withStats: Bool = true) throws -> [Record] {
        var records: [Record] = []
        for k in kdamonds {
            let mine = sources.indices.filter { sources[$0].kdamond == k }
            let end: Int
            var early: [Record?] = []
            do {
                end = try request(k, withStats: withStats) { applied in
                    // Read while the kernel's answer waits for its tick
                    // (each checked against total_bytes below).
                    early = mine.map { try? self.record($0, end: applied, mergeRegions: mergeRegions, withStats: withStats) }
                }
            } catch {
                if (try? reader.state(k)) == "on" { throw error }
                continue
            }
            for (j, i) in mine.enumerated() {
                if j < early.count, let record = early[j], record.snapshots.first?.endTime == .int(Int128(end)),
                   isComplete(record, i) {
                    records.append(record)
                } else {
                    records.append(try record(i, end: end, mergeRegions: mergeRegions, withStats: withStats))
                }
            }
        }
        return records.filter { !$0.snapshots.isEmpty }
    }

    /// Source i's snapshot ending at `end`: empty when it was missed.
    func record(_ i: Int, end: Int, mergeRegions: Bool, withStats: Bool) throws -> Record {
        let (k, c, s) = sources[i]
        let intervals = try reader.readIntervals(k, c)
        let dir = SysfsPaths.scheme(k, c, s)
        let total = try reader.optionalNumber(dir + "/tried_regions/total_bytes")?.int
        var regions = try reader.readTriedRegions(dir + "/tried_regions") ?? []
        var record = Record(kdamondIdx: k, contextIdx: c, intervals: intervals, schemeIdx: s,
                            targetId: sourceTargets[i].map { TargetID($0) }, schemeFilters: sourceFilters[i])
        if purpose == .record, regions.isEmpty, listsEveryRegion(i) { return record }
        if mergeRegions { regions = LiveSnapshots.merged(regions) }
        let start = end - intervals.aggr.int * 1000
        record.snapshots = [Snapshot(startTime: .int(Int128(start)), endTime: .int(Int128(end)), regions: regions,
                                     totalBytes: total, damosStats: withStats ? try reader.readStats(dir + "/stats") : nil)]
        return record
    }

    /// Whether a record read while the kernel was answering holds its whole
    /// answer: total_bytes (which the kernel adds each region's size to
    /// before listing it) as it is now, and the regions adding up to it.
    func isComplete(_ record: Record, _ i: Int) -> Bool {
        let (k, c, s) = sources[i]
        guard let snapshot = record.snapshots.first,
              let total = try? reader.optionalNumber(SysfsPaths.scheme(k, c, s) + "/tried_regions/total_bytes")?.int
        else { return false }
        return snapshot.totalBytes == total && Snapshot.sumSizes(snapshot.regions) == total
    }

    /// One kdamond's update; returns when the kernel applied the scheme.
    /// `whileWaiting` gets that time if it is known before the write
    /// returns.
    func request(_ k: Int, withStats: Bool, whileWaiting: @escaping (Int) -> Void = { _ in }) throws -> Int {
        let state = SysfsPaths.kdamond(k) + "/state"
        var applied: Int? = nil
        try retrying {
            if withStats { try fs.write(state, "update_schemes_stats") }
            try updateTunedIntervals(k)
            let fs = self.fs
            if purpose == .record, let watched = watchedFile(k) {
                applied = try AppliedClock.measure(watching: watched, clock: clock, whileWaiting: whileWaiting) {
                    try fs.write(state, "update_schemes_tried_regions")
                }
            } else {
                try fs.write(state, "update_schemes_tried_regions")
            }
        }
        let end = applied ?? clock()
        lastApplied = end
        return end
    }

    /// The real file that shows kdamond K applying its first source's
    /// scheme (only the kernel's own files are watched while written).
    func watchedFile(_ k: Int) -> String? {
        guard let (_, c, s) = sources.first(where: { $0.kdamond == k }) else { return nil }
        let base = (fs as? LoggingDamonFS)?.base ?? fs
        guard let real = base as? RealDamonFS else { return nil }
        return real.root + "/" + SysfsPaths.scheme(k, c, s) + "/tried_regions/total_bytes"
    }

    /// Whether source i's scheme is tried at every region (of its target):
    /// ours without an access pattern or filters that could leave none.
    func listsEveryRegion(_ i: Int) -> Bool {
        ownScheme && scheme.accessPattern == DamosAccessPattern() && scheme.filters.isEmpty
    }

    /// Seconds until the next request is worth making: a record asks again
    /// a little before the next aggregation interval ends (the kernel
    /// takes a request at its next sampling), not at once, so that an
    /// emulated kernel that answers at once is not asked many times per
    /// interval.
    public func nextRequestDelay() -> Double {
        guard purpose == .record, let last = lastApplied, let aggr = aggregationIntervalUs else { return 0 }
        let margin = max(2 * (sampleIntervalUs ?? 0), aggr / 5)
        let next = last + (aggr - margin) * 1000
        return max(0, Double(next - clock()) / 1e9)
    }

    /// The kernel may be busy with a previous request: up to five tries,
    /// backing off as damo does.
    func retrying(_ body: () throws -> Void) throws {
        var tries = 0
        while true {
            do {
                return try body()
            } catch {
                tries += 1
                if tries >= 5 { throw error }
                usleep(UInt32(10_000 << (tries - 1)))
            }
        }
    }

    /// Regions merged where contiguous with the same nr_accesses and age
    /// and no filter-passed bytes (which would lose their placement).
    public static func merged(_ regions: [Region]) -> [Region] {
        var out: [Region] = []
        out.reserveCapacity(regions.count)
        for r in regions {
            if var last = out.last, last.end == r.start, last.samples == r.samples,
               last.aggrIntervals == r.aggrIntervals, (last.szFilterPassed ?? 0) == 0, (r.szFilterPassed ?? 0) == 0 {
                last.end = r.end
                out[out.count - 1] = last
            } else {
                out.append(r)
            }
        }
        return out
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
