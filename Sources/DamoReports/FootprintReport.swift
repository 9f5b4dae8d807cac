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
        var series = Series()
        for s in snapshots { series.add(s) }
        return try series.values(metric, sorted: sorted)
    }

    /// The footprints of a `.mem_footprint` file's snapshots, added as
    /// they are read: one number per snapshot and metric (the
    /// distributions need every one), not the snapshots.
    public struct Series: Sendable {
        var values: [[Int]] = Array(repeating: [], count: Metric.allCases.count)
        /// A metric's first sum beyond 64 bits: an error only for a report
        /// of that metric.
        var failures: [ReportError?] = Array(repeating: nil, count: Metric.allCases.count)

        public init() {}

        public mutating func add(_ s: MemFootprintsSnapshot) {
            for (i, metric) in Metric.allCases.enumerated() where failures[i] == nil {
                var bytes: Int128 = 0
                switch metric {
                case .vsz: for p in s.processes { bytes += Int128(p.footprint.size) * 4096 }
                case .rss: for p in s.processes { bytes += Int128(p.footprint.resident) * 4096 }
                case .sysUsed: bytes = (Int128(s.system.total ?? 0) - Int128(s.system.free ?? 0)) * 1024
                }
                guard let b = Int(exactly: bytes) else {
                    failures[i] = ReportError("the \(metric.rawValue) footprint at time \(s.time) is beyond \(Int.max) bytes")
                    values[i] = []
                    continue
                }
                values[i].append(b)
            }
        }

        public func values(_ metric: Metric, sorted: Bool) throws -> [Int] {
            let i = Metric.allCases.firstIndex(of: metric)!
            if let failure = failures[i] { throw failure }
            return sorted ? values[i].sorted() : values[i]
        }
    }
}
