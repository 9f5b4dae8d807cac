import ArgumentParser
import DamonKernel
import DamonModel

import DamoPlatform

/// `damo report sysinfo`: versions, file systems, tools and DAMON features
/// of the system, in damo's layout; features as `damo features` finds
/// them (read-only).
struct ReportSysinfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sysinfo", abstract: "system information")

    static let choices = ["versions", "fs_info", "trace_cmd_info", "perf_info", "sysfs_features", "debugfs_features",
                          "trace_features", "stat_features", "lru_sort_features", "reclaim_features", "interfaces",
                          "unavailable_features", "all"]

    @Option(name: .customLong("print"), parsing: .upToNextOption,
            help: ArgumentHelp("info to print (\(choices.joined(separator: ", ")))", valueName: "info"))
    var print: [String] = ["versions", "interfaces"]

    @Flag(name: .customLong("invalidate_cache"), help: "invalidate cached sysinfo (nothing is cached)")
    var invalidateCache = false

    @OptionGroup var system: SystemOptions

    func run() throws {
        for p in print where !Self.choices.contains(p) {
            throw CLIError("--print: invalid choice '\(p)' (choose from \(Self.choices.joined(separator: ", ")))")
        }
        func wants(_ what: String) -> Bool { print.contains(what) || print.contains("all") }
        let findings = system.probe.probe()
        let available = Self.damoOrder(findings.filter(\.supported).map(\.feature))
        var lines: [String] = []
        if wants("versions") {
            lines.append("damo version: \(damoVersion)")
            lines.append("kernel version: \(system.release ?? "None")")
            let (version, error) = Features.inferVersion(available)
            lines.append("DAMON version: \(error.map { "unknown (\($0))" } ?? version ?? "None")")
        }
        if wants("fs_info") {
            let mounts = Mounts.current()
            lines.append("sysfs: \(system.interface.interfaceRoot ?? mounts["sysfs"] ?? "None")")
            lines.append("tracefs: \(mounts["tracefs"] ?? "None")")
            lines.append("debugfs: \(mounts["debugfs"] ?? "None")")
        }
        if wants("trace_cmd_info") { lines.append("trace-cmd version: \(Tools.traceCmdVersion() ?? "None")") }
        if wants("perf_info") {
            lines.append("perf path: \(Processes.find("perf") ?? "None")")
            lines.append("perf version: \(Tools.perfVersion() ?? "None")")
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
            for f in shown { lines += Self.describe(f) }
        }
        if wants("unavailable_features") {
            let missing = DamonFeature.all.filter { !available.contains($0) }
            if !missing.isEmpty {
                lines.append("unavailable DAMON features:")
                for f in missing { lines += Self.describe(f) }
            }
        }
        if !lines.isEmpty { writeStdout(lines.joined(separator: "\n") + "\n") }
    }

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

/// Mount points of file systems, from /proc/mounts.
enum Mounts {
    static func current() -> [String: String] {
        var points: [String: String] = [:]
        for line in (ProcFS.read("/proc/mounts") ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let type = String(fields[2])
            if points[type] == nil { points[type] = String(fields[1]) }
        }
        return points
    }
}

/// Versions of the tools damo can use.
enum Tools {
    /// Lines a program printed (standard output, then error).
    static func output(_ executable: String, _ arguments: [String]) -> [String]? {
        guard let run = try? Processes.runToTemporaryFile(executable, arguments) else { return nil }
        defer { unlink(run.path) }
        let text = (ProcFS.read(run.path) ?? "") + run.stderr
        return text.split(separator: "\n").map(String.init)
    }

    static func perfVersion() -> String? {
        guard let perf = Processes.find("perf") else { return nil }
        return output(perf, ["--version"])?.first
    }

    static func traceCmdVersion() -> String? {
        guard let tool = Processes.find("trace-cmd"), let lines = output(tool, []) else { return nil }
        for line in lines where line.hasPrefix("trace-cmd version ") {
            return line.split(separator: " ").dropFirst(2).joined(separator: " ")
        }
        return nil
    }
}
