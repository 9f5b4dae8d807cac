import DamonKernel
import DamonModel

/// `damo report sysinfo`: versions, file systems, tools and DAMON features
/// of the system, in damo's layout; features as `damo features` finds
/// them (read-only).
public protocol SysinfoCommand {
    associatedtype System: SystemOptions
    var print: [String] { get }
    var system: System { get }
}

public let sysinfoChoices = [
    "versions", "fs_info", "trace_cmd_info", "perf_info", "sysfs_features", "debugfs_features", "trace_features",
    "stat_features", "lru_sort_features", "reclaim_features", "interfaces", "unavailable_features", "all",
]

extension SysinfoCommand {
    public func run(in env: DamoEnvironment) throws {
        for p in print where !sysinfoChoices.contains(p) {
            throw DamoError("--print: invalid choice '\(p)' (choose from \(sysinfoChoices.joined(separator: ", ")))")
        }
        func wants(_ what: String) -> Bool { print.contains(what) || print.contains("all") }
        let findings = system.probe(in: env).probe()
        let available = Sysinfo.damoOrder(findings.filter(\.supported).map(\.feature))
        var lines: [String] = []
        if wants("versions") {
            lines.append("damo version: \(damoVersion)")
            lines.append("kernel version: \(system.release ?? "None")")
            let (version, error) = DamonVersion.infer(available)
            lines.append("DAMON version: \(error.map { "unknown (\($0))" } ?? version ?? "None")")
        }
        if wants("fs_info") {
            let mounts = Mounts.current()
            lines.append("sysfs: \(system.interface.interfaceRoot ?? mounts["sysfs"] ?? "None")")
            lines.append("tracefs: \(mounts["tracefs"] ?? "None")")
            lines.append("debugfs: \(mounts["debugfs"] ?? "None")")
        }
        if wants("trace_cmd_info") { lines.append("trace-cmd version: \(HostTools.traceCmdVersion() ?? "None")") }
        if wants("perf_info") {
            lines.append("perf path: \(HostTools.perfPath ?? "None")")
            lines.append("perf version: \(HostTools.perfVersion() ?? "None")")
        }
        let categories = ["interface/": "interfaces", "sysfs/": "sysfs_features", "debugfs/": "debugfs_features",
                          "trace/": "trace_features", "stat/": "stat_features", "lru_sort/": "lru_sort_features",
                          "reclaim/": "reclaim_features"]
        let shown = available.filter { f in
            guard let category = categories.first(where: { f.name.hasPrefix($0.key) })?.value else { return true }
            return wants(category)
        }
        if !shown.isEmpty {
            lines.append("available DAMON features:")
            for f in shown { lines += Sysinfo.describe(f) }
        }
        if wants("unavailable_features") {
            let missing = DamonFeature.all.filter { !available.contains($0) }
            if !missing.isEmpty {
                lines.append("unavailable DAMON features:")
                for f in missing { lines += Sysinfo.describe(f) }
            }
        }
        if !lines.isEmpty { env.output.writeMessage(lines.joined(separator: "\n") + "\n") }
    }
}

enum Sysinfo {
    static func describe(_ f: DamonFeature) -> [String] {
        ["- \(f.name) (\(f.upstreamStatus))"] + (f.comments.isEmpty ? [] : ["  - \(f.comments)"])
    }

    /// The order damo finds features in: sysfs, debugfs, tracepoints,
    /// interfaces, then module parameters.
    static func damoOrder(_ features: [DamonFeature]) -> [DamonFeature] {
        let interfaces = ["interface/damon_debugfs", "interface/damon_sysfs", "interface/damon_reclaim",
                          "interface/damon_lru_sort", "interface/damon_stat"]
        let modules = ["stat/", "lru_sort/", "reclaim/"]
        func group(_ f: DamonFeature) -> (Int, Int) {
            let index = DamonFeature.all.firstIndex(of: f) ?? 0
            if f.name.hasPrefix("sysfs/") { return (0, index) }
            if f.name.hasPrefix("debugfs/") { return (1, index) }
            if f.name.hasPrefix("trace/") { return (2, index) }
            if let i = interfaces.firstIndex(of: f.name) { return (3, i) }
            if let m = modules.firstIndex(where: { f.name.hasPrefix($0) }) { return (4, m * 1000 + index) }
            return (5, index)
        }
        return features.sorted { group($0) < group($1) }
    }
}
