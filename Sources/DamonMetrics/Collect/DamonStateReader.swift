import DamoPlatform
import DamonKernel
import DamonModel

/// A file whose content is not what the kernel writes there.
struct UnexpectedContent: Error, CustomStringConvertible {
    let path: String
    let content: String
    var description: String { "unexpected content '\(content.prefix(64))' in \(path)" }
}

/// Reads what the exporter exports from DAMON's sysfs files, and nothing
/// else (about 20 files per scheme), each directory's files relative to
/// it (DamonDirectory).  A kdamond
/// that cannot be read (it was removed meanwhile) is left out and its
/// error returned, so the others are still exported.
public struct DamonStateReader {
    public let fs: DamonFS

    public init(fs: DamonFS) { self.fs = fs }

    func dir(_ path: String) -> Files { Files(DamonDirectory(fs, path)) }

    /// The number of kdamond directories (nil without DAMON's sysfs).
    public func kdamondCount() throws -> Int? {
        try dir(SysfsPaths.kdamonds).optionalCount("nr_kdamonds")
    }

    /// The kdamonds, and the errors of those that could not be read.
    public func kdamonds() throws -> (kdamonds: [KdamondState], errors: [String]) {
        guard let n = try kdamondCount() else { return ([], []) }
        var result: [KdamondState] = []
        var errors: [String] = []
        for k in 0..<n {
            do { result.append(try kdamond(k)) } catch { errors.append("kdamond \(k): \(error)") }
        }
        return (result, errors)
    }

    public func kdamond(_ k: Int) throws -> KdamondState {
        let d = dir(SysfsPaths.kdamond(k))
        let pid = try d.signed("pid")
        var state = KdamondState(index: k, running: try d.text("state") == "on", pid: pid >= 0 ? Int(pid) : nil,
                                 refreshMs: try d.optionalUnsigned("refresh_ms"))
        state.contexts = try (0..<d.count("contexts/nr_contexts")).map { try context(k, $0) }
        return state
    }

    func context(_ k: Int, _ c: Int) throws -> ContextState {
        let d = dir(SysfsPaths.context(k, c))
        let ops = try d.text("operations")
        // Region addresses are in units of addr_unit bytes (6.18+).
        let addrUnit = try d.optionalUnsigned("addr_unit") ?? 1
        let intervals = "monitoring_attrs/intervals/"
        var context = ContextState(
            index: c, ops: ops,
            sampleUs: try d.unsigned(intervals + "sample_us"), aggrUs: try d.unsigned(intervals + "aggr_us"),
            updateUs: try d.unsigned(intervals + "update_us"),
            intervalsAutotuned: (try d.optionalUnsigned(intervals + "intervals_goal/aggrs") ?? 0) != 0,
            minNrRegions: try d.unsigned("monitoring_attrs/nr_regions/min"),
            maxNrRegions: try d.unsigned("monitoring_attrs/nr_regions/max"))
        context.targets = try (0..<d.count("targets/nr_targets")).map { t in
            let td = dir(SysfsPaths.context(k, c) + "/targets/\(t)")
            var bytes: UInt64 = 0
            let nrRegions = try td.count("regions/nr_regions")
            for r in 0..<nrRegions {
                let start = try td.unsigned("regions/\(r)/start"), end = try td.unsigned("regions/\(r)/end")
                // (the kernel refuses start > end at 'on'; such a region
                // written later counts as empty)
                let (sum, overflow) = bytes.addingReportingOverflow(end >= start ? end - start : 0)
                bytes = overflow ? .max : sum
            }
            let (scaled, overflow) = bytes.multipliedReportingOverflow(by: addrUnit)
            let pid = ops == "paddr" ? nil : try td.signed("pid_target")
            return TargetState(index: t, pid: pid.map { Int($0) }, nrRegions: nrRegions,
                               regionBytes: overflow ? UInt64.max : scaled)
        }
        context.schemes = try (0..<d.count("schemes/nr_schemes")).map { try scheme(SysfsPaths.scheme(k, c, $0), $0) }
        return context
    }

    /// The stats files of every kernel so far.
    static let statsFiles = ["nr_tried", "sz_tried", "nr_applied", "sz_applied", "sz_ops_filter_passed",
                             "qt_exceeds", "nr_snapshots"]

    func scheme(_ path: String, _ s: Int) throws -> SchemeState {
        let d = dir(path)
        var stats: [String: UInt64] = [:]
        let statsDir = dir(path + "/stats")
        for name in Self.statsFiles {
            if let v = try statsDir.optionalUnsigned(name) { stats[name] = v }
        }
        let metric = try d.text("watermarks/metric")
        // Thresholds only matter (and are only read) when a metric is set.
        let watermarks = metric == "none"
            ? WatermarksState(metric: metric, high: 0, mid: 0, low: 0)
            : WatermarksState(metric: metric, high: try d.unsigned("watermarks/high"),
                              mid: try d.unsigned("watermarks/mid"), low: try d.unsigned("watermarks/low"))
        var scheme = SchemeState(index: s, action: try d.text("action"), stats: stats,
                                 effectiveQuotaBytes: try d.optionalUnsigned("quotas/effective_bytes"),
                                 watermarks: watermarks)
        if let nrGoals = try d.optionalCount("quotas/goals/nr_goals") {
            scheme.goals = try (0..<nrGoals).map { g in
                let gd = dir(path + "/quotas/goals/\(g)")
                return QuotaGoalState(index: g, metric: try gd.optionalText("target_metric") ?? "user_input",
                                      targetValue: try gd.unsigned("target_value"),
                                      currentValue: try gd.unsigned("current_value"))
            }
        }
        return scheme
    }
}

/// Typed reads of the files of one directory.  Optional files are read
/// and their absence (ENOENT) taken as "the kernel has no such file": one
/// system call instead of two.
struct Files {
    let dir: DamonDirectory
    init(_ dir: DamonDirectory) { self.dir = dir }

    func text(_ name: String) throws -> String { try dir.read(name).trimmingWhitespace() }

    func optionalText(_ name: String) throws -> String? {
        do { return try dir.read(name).trimmingWhitespace() } catch {
            if error.errno == ENOENT { return nil }
            throw error
        }
    }

    func parse<T: FixedWidthInteger>(_ name: String, _ text: String?) throws -> T? {
        guard let text else { return nil }
        guard let v = T(text) else { throw UnexpectedContent(path: dir.path + "/" + name, content: text) }
        return v
    }

    func unsigned(_ name: String) throws -> UInt64 { try parse(name, try text(name))! }
    func signed(_ name: String) throws -> Int64 { try parse(name, try text(name))! }
    func optionalUnsigned(_ name: String) throws -> UInt64? { try parse(name, try optionalText(name)) }

    /// A count of child directories, bounded so that a corrupt file cannot
    /// make a collection loop for long.
    func optionalCount(_ name: String) throws -> Int? {
        guard let v = try optionalUnsigned(name) else { return nil }
        guard v <= 1 << 16 else { throw UnexpectedContent(path: dir.path + "/" + name, content: String(v)) }
        return Int(v)
    }

    func count(_ name: String) throws -> Int {
        guard let v = try optionalCount(name) else {
            throw DamonFSError(path: dir.path + "/" + name, errno: ENOENT, operation: "reading")
        }
        return v
    }
}
