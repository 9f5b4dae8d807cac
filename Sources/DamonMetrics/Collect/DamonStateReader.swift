#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonKernel

/// A file whose content is not what the kernel writes there.
struct UnexpectedContent: Error, CustomStringConvertible {
    let path: String
    let content: String
    var description: String { "unexpected content '\(content.prefix(64))' in \(path)" }
}

/// Reads what the exporter exports from DAMON's sysfs files, and nothing
/// else: a scrape stays a few hundred reads even with many kdamonds.
/// Optional files are read and their absence (ENOENT) taken as "the
/// kernel has no such file", one system call instead of two.  A kdamond
/// that cannot be read (it was removed meanwhile) is left out and its
/// error returned, so the others are still exported.
public struct DamonStateReader {
    public let fs: DamonFS

    public init(fs: DamonFS) { self.fs = fs }

    func text(_ path: String) throws -> String { try fs.read(path) }

    func optionalText(_ path: String) throws -> String? {
        do { return try fs.read(path) } catch {
            if error.errno == ENOENT { return nil }
            throw error
        }
    }

    func unsigned(_ path: String) throws -> UInt64 {
        let t = try text(path)
        guard let v = UInt64(t.trimmingWhitespace()) else { throw UnexpectedContent(path: path, content: t) }
        return v
    }

    func signed(_ path: String) throws -> Int64 {
        let t = try text(path)
        guard let v = Int64(t.trimmingWhitespace()) else { throw UnexpectedContent(path: path, content: t) }
        return v
    }

    func optionalUnsigned(_ path: String) throws -> UInt64? {
        guard let t = try optionalText(path) else { return nil }
        guard let v = UInt64(t.trimmingWhitespace()) else { throw UnexpectedContent(path: path, content: t) }
        return v
    }

    /// A count of child directories, bounded so that a corrupt file cannot
    /// make a collection loop for long.
    func count(_ path: String) throws -> Int {
        let v = try unsigned(path)
        guard v <= 1 << 16 else { throw UnexpectedContent(path: path, content: String(v)) }
        return Int(v)
    }

    /// The number of kdamond directories (nil without DAMON's sysfs).
    public func kdamondCount() throws -> Int? {
        do { return try count(SysfsPaths.kdamonds + "/nr_kdamonds") } catch let e as DamonFSError where e.errno == ENOENT {
            return nil
        }
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
        let dir = SysfsPaths.kdamond(k)
        let pid = try signed(dir + "/pid")
        var state = KdamondState(index: k, running: try text(dir + "/state").trimmingWhitespace() == "on",
                                 pid: pid >= 0 ? Int(pid) : nil, refreshMs: try optionalUnsigned(dir + "/refresh_ms"))
        state.contexts = try (0..<count(dir + "/contexts/nr_contexts")).map { try context(k, $0) }
        return state
    }

    func context(_ k: Int, _ c: Int) throws -> ContextState {
        let dir = SysfsPaths.context(k, c)
        let intervals = dir + "/monitoring_attrs/intervals"
        let goalAggrs = try optionalUnsigned(intervals + "/intervals_goal/aggrs") ?? 0
        let ops = try text(dir + "/operations").trimmingWhitespace()
        // Region addresses are in units of addr_unit bytes (6.18+).
        let addrUnit = try optionalUnsigned(dir + "/addr_unit") ?? 1
        var context = ContextState(
            index: c, ops: ops,
            sampleUs: try unsigned(intervals + "/sample_us"), aggrUs: try unsigned(intervals + "/aggr_us"),
            updateUs: try unsigned(intervals + "/update_us"), intervalsAutotuned: goalAggrs != 0,
            minNrRegions: try unsigned(dir + "/monitoring_attrs/nr_regions/min"),
            maxNrRegions: try unsigned(dir + "/monitoring_attrs/nr_regions/max"))
        context.targets = try (0..<count(dir + "/targets/nr_targets")).map { t in
            let tdir = dir + "/targets/\(t)"
            var bytes: UInt64 = 0
            let nrRegions = try count(tdir + "/regions/nr_regions")
            for r in 0..<nrRegions {
                let start = try unsigned(tdir + "/regions/\(r)/start"), end = try unsigned(tdir + "/regions/\(r)/end")
                // The kernel refuses start > end at 'on'; saturate for files
                // written after.
                let (sum, overflow) = bytes.addingReportingOverflow(end >= start ? end - start : 0)
                bytes = overflow ? .max : sum
            }
            let (scaled, overflow) = bytes.multipliedReportingOverflow(by: addrUnit)
            let pid = ops == "paddr" ? nil : try signed(tdir + "/pid_target")
            return TargetState(index: t, pid: pid.map { Int($0) }, nrRegions: nrRegions,
                               regionBytes: overflow ? UInt64.max : scaled)
        }
        context.schemes = try (0..<count(dir + "/schemes/nr_schemes")).map { try scheme(SysfsPaths.scheme(k, c, $0), $0) }
        return context
    }

    /// The stats files of every kernel so far.
    static let statsFiles = ["nr_tried", "sz_tried", "nr_applied", "sz_applied", "sz_ops_filter_passed",
                             "qt_exceeds", "nr_snapshots"]

    func scheme(_ dir: String, _ s: Int) throws -> SchemeState {
        var stats: [String: UInt64] = [:]
        for name in Self.statsFiles {
            if let v = try optionalUnsigned(dir + "/stats/" + name) { stats[name] = v }
        }
        let wdir = dir + "/watermarks"
        let metric = try text(wdir + "/metric").trimmingWhitespace()
        // Thresholds only matter (and are only read) when a metric is set.
        let watermarks = metric == "none"
            ? WatermarksState(metric: metric, intervalUs: 0, high: 0, mid: 0, low: 0)
            : WatermarksState(metric: metric, intervalUs: try unsigned(wdir + "/interval_us"),
                              high: try unsigned(wdir + "/high"), mid: try unsigned(wdir + "/mid"),
                              low: try unsigned(wdir + "/low"))
        var scheme = SchemeState(index: s, action: try text(dir + "/action").trimmingWhitespace(), stats: stats,
                                 effectiveQuotaBytes: try optionalUnsigned(dir + "/quotas/effective_bytes"),
                                 watermarks: watermarks)
        if let nrGoals = try optionalUnsigned(dir + "/quotas/goals/nr_goals") {
            guard nrGoals <= 1 << 16 else { throw UnexpectedContent(path: dir + "/quotas/goals/nr_goals", content: String(nrGoals)) }
            scheme.goals = try (0..<Int(nrGoals)).map { g in
                let gdir = dir + "/quotas/goals/\(g)"
                return QuotaGoalState(index: g, metric: try optionalText(gdir + "/target_metric")?.trimmingWhitespace() ?? "user_input",
                                      targetValue: try unsigned(gdir + "/target_value"),
                                      currentValue: try unsigned(gdir + "/current_value"))
            }
        }
        return scheme
    }
}

extension String {
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}
