import DamonModel

/// `report footprints`: the memory footprint of each recorded snapshot,
/// in bytes: the targets' virtual (vsz) or resident (rss) sizes summed, or
/// what the system used (total - free).  Pages count as 4 KiB, as in damo.
public enum FootprintReport {
    public enum Metric: String, CaseIterable, Sendable {
        case vsz, rss, sysUsed = "sys_used"
    }

    /// Each snapshot's footprint in bytes; an error when a sum does not
    /// fit 64 bits (the readers bound each value, not their sums).
    public static func values(_ snapshots: [MemFootprintsSnapshot], metric: Metric, sorted: Bool) throws -> [Int] {
        var values = try snapshots.map { s -> Int in
            var bytes: Int128 = 0
            switch metric {
            case .vsz: for p in s.processes { bytes += Int128(p.footprint.size) * 4096 }
            case .rss: for p in s.processes { bytes += Int128(p.footprint.resident) * 4096 }
            case .sysUsed: bytes = (Int128(s.system.total ?? 0) - Int128(s.system.free ?? 0)) * 1024
            }
            guard let b = Int(exactly: bytes) else {
                throw ReportError("the \(metric.rawValue) footprint at time \(s.time) is beyond \(Int.max) bytes")
            }
            return b
        }
        if sorted { values.sort() }
        return values
    }
}
