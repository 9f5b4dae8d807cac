import DamonModel

/// `report footprints`: the memory footprint of each recorded snapshot,
/// in bytes: the targets' virtual (vsz) or resident (rss) sizes summed, or
/// what the system used (total - free).  Pages count as 4 KiB, as in damo.
public enum FootprintReport {
    public enum Metric: String, CaseIterable, Sendable {
        case vsz, rss, sysUsed = "sys_used"
    }

    public static func values(_ snapshots: [MemFootprintsSnapshot], metric: Metric, sorted: Bool) -> [Int] {
        var values = snapshots.map { s -> Int in
            switch metric {
            case .vsz: return s.processes.reduce(0) { $0 + $1.footprint.size * 4096 }
            case .rss: return s.processes.reduce(0) { $0 + $1.footprint.resident * 4096 }
            case .sysUsed: return ((s.system.total ?? 0) - (s.system.free ?? 0)) * 1024
            }
        }
        if sorted { values.sort() }
        return values
    }
}
