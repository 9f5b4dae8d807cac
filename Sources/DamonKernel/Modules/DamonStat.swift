import DamonModel

/// DAMON_STAT (mm/damon/stat.c, Linux 6.17+): a kdamond the kernel runs
/// on all physical memory, publishing a summary of it as module
/// parameters.  When no kdamond of ours runs, damo shows its access
/// pattern from that summary: `memory_idle_ms_percentiles` spread over
/// MemTotal bytes, one region per percentile.
public struct DamonStat {
    public let params: DamonModuleParams

    public init(fs: DamonFS) { params = DamonModuleParams(fs: fs, module: "damon_stat") }

    /// `enabled` reads Y.
    public var running: Bool { (try? params.read("enabled")) == "Y" }

    /// Whether snapshots can come from DAMON_STAT: it runs and its kernel
    /// publishes `aggr_interval_us` (6.18+; damo 3.4.3 uses DAMON_STAT only
    /// there, as only there the percentiles tell hot memory by negative
    /// idle times).
    public var canSnapshot: Bool { params.present && params.exists("aggr_interval_us") && running }

    /// One snapshot record built from the parameters now: `nowNs` ends
    /// it, one aggregation interval long; `memTotalBytes` is /proc/meminfo's
    /// MemTotal.
    public func snapshotRecord(memTotalBytes: Int, nowNs: Double, mergeRegions: Bool) throws -> Record {
        try DamonStat.snapshotRecord(aggrIntervalUs: try params.read("aggr_interval_us"),
                                     percentiles: try params.read("memory_idle_ms_percentiles"),
                                     memTotalBytes: memTotalBytes, nowNs: nowNs, mergeRegions: mergeRegions)
    }

    /// DAMON_STAT's monitoring intervals goal (fixed in mm/damon/stat.c).
    public static let intervalsGoal = IntervalsGoal(accessBp: .int(400), aggrs: .int(3),
                                                    minSampleUs: .int(5000), maxSampleUs: .int(10_000_000))

    /// The record from the parameters' texts.  Each percentile p covers
    /// [p, p+1) percent of memory with the mean of its two bounding idle
    /// times as its age; a negative idle time (memory found accessed) is
    /// 10 of the 20 samples of an aggregation interval, as damo shows it.
    public static func snapshotRecord(aggrIntervalUs aggrText: String, percentiles text: String,
                                      memTotalBytes: Int, nowNs: Double, mergeRegions: Bool) throws -> Record {
        guard let aggr = Int(aggrText), aggr >= 0, aggr <= RecordLimits.maxCount else {
            throw DamonStatError("damon_stat's aggr_interval_us is not a usable number ('\(aggrText)')")
        }
        let words = text.split(separator: ",", omittingEmptySubsequences: false)
        let idle = words.compactMap { Int($0.filter { !$0.isWhitespace }) }
        guard idle.count == words.count, idle.count >= 101 else {
            throw DamonStatError("damon_stat's memory_idle_ms_percentiles is not 101 comma-separated numbers ('\(text.prefix(60))')")
        }
        guard memTotalBytes > 0, memTotalBytes <= Int.max / 100 else {
            throw DamonStatError("MemTotal of /proc/meminfo is not usable (\(memTotalBytes) bytes)")
        }
        // Python's true division: a float sampling interval.
        let intervals = Intervals(sample: .float(Double(aggr) / 20), aggr: .int(Int128(aggr)),
                                  opsUpdate: .int(60_000_000), goal: intervalsGoal)
        var regions: [Region] = []
        regions.reserveCapacity(100)
        for p in 0..<100 {
            let (sum, overflow) = idle[p].addingReportingOverflow(idle[p + 1])
            let (ageUs, overflow2) = (sum / 2).multipliedReportingOverflow(by: 1000)
            guard !overflow, !overflow2 else {
                throw DamonStatError("damon_stat's memory_idle_ms_percentiles holds an idle time too large (\(idle[p]) ms)")
            }
            var region = Region(start: p * memTotalBytes / 100, end: (p + 1) * memTotalBytes / 100,
                                samples: sum / 2 < 0 ? 10 : 0, aggrIntervals: nil, szFilterPassed: 0)
            region.usec = .int(Int128(ageUs))
            regions.append(region)
        }
        if mergeRegions { regions = LiveSnapshots.merged(regions) }
        let snapshot = Snapshot(startTime: .float(nowNs - Double(aggr) * 1000), endTime: .float(nowNs),
                                regions: regions, totalBytes: memTotalBytes,
                                sampleIntervalUs: intervals.sample)
        return Record(kdamondIdx: -1, contextIdx: 0, intervals: intervals, schemeIdx: nil, targetId: TargetID(0),
                      snapshots: [snapshot], dataSource: recordDataSourceDamonStat)
    }

    /// DAMON_STAT's kdamond as damo records it: all physical memory (the
    /// biggest System RAM span, `paddrRegion`), the fixed intervals goal,
    /// the pid of the kernel thread `kdamond.0`.
    public static func kdamond(pid: Int?, paddrRegion: (start: Int, end: Int)) -> Kdamond {
        var context = DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(paddrRegion.start, paddrRegion.end)]),
        ])
        context.intervals.goal = intervalsGoal
        return Kdamond(state: "on", pid: pid, contexts: [context])
    }
}

extension ProcFS {
    /// The pid of a process whose name (`/proc/PID/comm`) is `name`, as
    /// `pidof` finds kernel threads; the lowest when several.
    public static func pid(named name: String) -> Int? {
        (list("/proc") ?? []).compactMap(Int.init).sorted().first {
            read("/proc/\($0)/comm").map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 } == name
        }
    }
}

/// A DAMON_STAT parameter damo cannot use.
public struct DamonStatError: DamoFailure, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
