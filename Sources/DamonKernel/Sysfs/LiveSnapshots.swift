import DamonModel
import DamoPlatform

/// The running kernel cannot give live snapshots (no DAMOS tried regions).
public struct LiveSnapshotUnsupported: DamoFailure, Sendable {
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
    public internal(set) var sources: [(kdamond: Int, context: Int, scheme: Int)] = []
    /// The target each source's scheme is limited to (by a `target`
    /// filter), for records of contexts with several targets.
    public internal(set) var sourceTargets: [Int?] = []
    var kdamonds: [Int] = []
    /// The filters of each source's scheme.
    var sourceFilters: [[DamosFilter]] = []
    var install: SysfsTransaction?
    var installedKdamonds: [Int] = []
    /// When the kernel last applied the scheme for us (clock time).
    public private(set) var lastApplied: Int?
    /// The first source context's aggregation interval: how often a new
    /// snapshot can be had.
    public internal(set) var aggregationIntervalUs: Int?
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

    /// Regions merged where contiguous with the same nr_accesses, age (in
    /// aggregation intervals, or in microseconds as DAMON_STAT's) and probe
    /// hits (damo 3.4.3 drops the right one's hits) and no filter-passed
    /// bytes (which would lose their placement).
    public static func merged(_ regions: [Region]) -> [Region] {
        var out: [Region] = []
        out.reserveCapacity(regions.count)
        for r in regions {
            if var last = out.last, last.end == r.start, last.samples == r.samples,
               last.aggrIntervals == r.aggrIntervals, last.usec == r.usec,
               (last.szFilterPassed ?? 0) == 0, (r.szFilterPassed ?? 0) == 0,
               last.probeHits == r.probeHits {
                last.end = r.end
                out[out.count - 1] = last
            } else {
                out.append(r)
            }
        }
        return out
    }

}
