import DamonKernel
import DamonModel

/// `damo diagnose`: whether DAMON looks healthy, from what the kernel
/// shows; nothing is written (statistics are shown as of their last
/// update, since asking the kernel for new ones is a write).
public protocol DiagnoseCommand {
    associatedtype System: SystemOptions
    var verbose: Bool { get }
    var system: System { get }
    var kernelLog: String { get }
}

extension DiagnoseCommand {
    public func run(in env: DamoEnvironment) throws {
        let d = DamonDiagnosis.examine(fs: system.fs(in: env), release: system.release, kernelLog: kernelLog)
        env.output.writeMessage(DiagnosisReport.text(d, verbose: verbose))
    }
}

/// The text of `damo diagnose`.
public enum DiagnosisReport {
    /// Messages shown without --verbose.
    static let recentMessages = 10

    public static func text(_ d: DamonDiagnosis, verbose: Bool) -> String {
        var out: [String] = []
        out.append("kernel: " + (d.release.map { "Linux " + $0 } ?? "unknown release"))
        out.append("DAMON interfaces:")
        out.append("  sysfs: " + (d.hasSysfs ? "yes" : "no"))
        if let debugfs = d.debugfs {
            out.append("  debugfs: yes (monitor_on: \(debugfs.monitorOn ?? "unreadable"), kdamond_pid: \(debugfs.kdamondPid ?? "unreadable"), target_ids: \(debugfs.targetIds.map { $0.isEmpty ? "none" : $0 } ?? "unreadable"))")
        } else {
            out.append("  debugfs: no")
        }
        for name in ["damon_reclaim", "damon_lru_sort", "damon_stat"] {
            if let m = d.modules.first(where: { $0.name == name }) {
                var words = ["enabled: " + (m.enabled.map { $0 ? "Y" : "N" } ?? "unreadable")]
                if let pid = m.kdamondPid { words.append("kdamond_pid: \(pid)") }
                out.append("  \(name): yes (\(words.joined(separator: ", ")))")
            } else {
                out.append("  \(name): no")
            }
        }
        if d.hasSysfs {
            out.append("kdamonds: \(d.kdamonds.count) (\(d.kdamonds.filter { $0.state == "on" }.count) running)")
            for (k, kdamond) in d.kdamonds.enumerated() {
                if verbose {
                    out.append("  kdamond \(k)")
                    out.append(indentLines(kdamond.toString(raw: false), 4))
                    continue
                }
                out.append("  kdamond \(k): " + kdamond.summary(raw: false))
                for (c, context) in kdamond.contexts.enumerated() {
                    let targets = context.targets.map { t in
                        t.pid.map { "pid \($0)" } ?? "\(t.regions.count) region(s)"
                    }.joined(separator: ", ")
                    out.append("    context \(c): \(context.ops.rawValue), targets: \(targets.isEmpty ? "none" : targets), schemes: \(context.schemes.count)")
                    for (s, scheme) in context.schemes.enumerated() {
                        let st = scheme.stats ?? DamosStats()
                        out.append("      scheme \(s): \(scheme.action.rawValue), tried \(st.nrTried) (\(UnitFormat.size(st.szTried, raw: false))), applied \(st.nrApplied) (\(UnitFormat.size(st.szApplied, raw: false))), quota exceeded \(st.qtExceeds) times")
                    }
                }
            }
        }
        let supported = d.features.filter(\.supported)
        out.append("DAMON features: \(supported.count) of \(d.features.count) supported")
        if verbose {
            for f in d.features { out.append("  \(f.feature.name): \(f.supported ? "yes" : "no") (\(f.evidence))") }
        }
        if let error = d.messagesError {
            out.append("kernel messages about DAMON: unknown (\(error))")
        } else {
            out.append("kernel messages about DAMON: \(d.messages.count)")
            let shown = verbose ? d.messages : Array(d.messages.suffix(recentMessages))
            if shown.count < d.messages.count { out.append("  (the last \(shown.count); --verbose shows all)") }
            for m in shown { out.append("  " + m.line) }
        }
        if d.problems.isEmpty {
            out.append("suspicious states: none found")
        } else {
            out.append("suspicious states:")
            for p in d.problems { out.append("  - " + p) }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
