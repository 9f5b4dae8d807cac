import DamonModel

/// Percentile distributions as damo prints them for `report wss` (and
/// `report footprints`): an average, then one line per percentile with a
/// bar scaled to the largest printed value.
public enum DistReport {
    /// The index of a percentile's value among sorted (or time-ordered)
    /// values, as damo computes it (Python's negative indices included),
    /// or nil beyond the values (damo fails with an IndexError there).
    public static func index(percentile: Int, count: Int) -> Int? {
        guard count > 0, percentile >= -100, percentile <= 100 else { return nil }
        var idx = Int(Double(percentile) / 100.0 * Double(count))
        if idx == count { idx -= 1 }
        if idx < 0 { idx += count }
        return idx >= 0 && idx < count ? idx : nil
    }

    /// The indices of the percentiles to print; an error naming the first
    /// one beyond the values.
    static func indices(_ percentiles: [Int], count: Int) throws -> [Int] {
        try percentiles.map { p in
            guard let i = index(percentile: p, count: count) else {
                throw ReportError("percentile \(p) is out of the range 0-100")
            }
            return i
        }
    }

    /// `format` gets the value (int, or the float average) and the raw flag.
    public static func text(metric: String, values: [Int], percentiles: [Int], all: Bool,
                            rawNumber: Bool, barColumns: Int,
                            format: (PyNum, Bool) -> String = UnitFormat.size) throws -> String {
        var lines = ["# <percentile> <\(metric)>"]
        if values.isEmpty {
            lines.append("# no snapshot")
            return lines.joined(separator: "\n")
        }
        var sum: Int128 = 0
        for v in values { sum += Int128(v) }
        lines.append("# avr:\t" + format(.float(PyNum.trueDivide(sum, Int128(values.count))), rawNumber))
        if all {
            for (i, v) in values.enumerated() {
                lines.append("\(i) " + format(PyNum(v), rawNumber))
            }
            return lines.joined(separator: "\n")
        }
        let indices = try indices(percentiles, count: values.count)
        var perColumn = 1.0
        if barColumns > 0 {
            var maxValue = 0
            for i in indices where maxValue <= values[i] { maxValue = values[i] }
            if maxValue > 0 { perColumn = Double(maxValue) / Double(barColumns) }
        }
        for (p, idx) in zip(percentiles, indices) {
            let valueText = format(PyNum(values[idx]), rawNumber)
            var line = PyFormat.padLeft(String(p), 3) + " " + PyFormat.padLeft(valueText, 15)
            if barColumns > 0 {
                let cols = max(0, Int(Double(values[idx]) / perColumn))
                line += " |" + String(repeating: "*", count: cols)
                    + String(repeating: " ", count: max(0, barColumns - cols)) + "|"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Points to plot: (percentile or index, value).
    public static func points(values: [Int], percentiles: [Int], all: Bool) throws -> [(x: Double, y: Double)] {
        if values.isEmpty { return [] }
        if all { return values.enumerated().map { (Double($0.offset), Double($0.element)) } }
        return zip(percentiles, try indices(percentiles, count: values.count)).map { (Double($0), Double(values[$1])) }
    }
}

/// `report wss`: working set size (bytes of regions accessed at least
/// `accessThreshold` times) of each snapshot.
public enum WSSReport {
    /// Per target id (or one collapsed list under id 0), in first-seen order.
    public static func distributions(_ records: [Record], accessThreshold: Int, sizeThreshold: Int,
                                     sorted: Bool, collapse: Bool) throws -> [(String, [Int])] {
        let perRecord = records.map { record in
            (targetKey(record), record.snapshots.map { wss($0, accessThreshold: accessThreshold, sizeThreshold: sizeThreshold) })
        }
        return try distributions(perRecord, sorted: sorted, collapse: collapse)
    }

    /// A record's target as the report names it.
    public static func targetKey(_ record: Record) -> String { record.targetId?.description ?? "None" }

    /// The working set size of one snapshot.
    public static func wss(_ snapshot: Snapshot, accessThreshold: Int, sizeThreshold: Int) -> Int {
        // (Sizes of a snapshot add up within an Int: RecordLimits.)
        var total = 0
        for r in snapshot.regions {
            if (r.samples ?? 0) < accessThreshold || r.size < sizeThreshold { continue }
            total &+= r.size
        }
        return total
    }

    /// The distributions of each record's (target key, sizes in time
    /// order), as `report wss` prints them.
    public static func distributions(_ perRecord: consuming [(String, [Int])], sorted: Bool,
                                     collapse: Bool) throws -> [(String, [Int])] {
        // The lists are moved, never copied: each is 8 bytes a snapshot,
        // 16 MB for a 2,000,000-snapshot record, so a copy to sort or to
        // collapse would be most of a long record's peak memory.
        var dists: [(String, [Int])] = []
        for i in perRecord.indices {
            let key = perRecord[i].0
            var wss = perRecord[i].1
            perRecord[i].1 = []
            if sorted { wss.sort() }
            // Later records of the same target replace earlier ones, as
            // damo's dict does.
            if let j = dists.firstIndex(where: { $0.0 == key }) { dists[j].1 = wss } else { dists.append((key, wss)) }
        }
        guard collapse else { return dists }
        var collapsed: [Int] = []
        for k in dists.indices {
            let dist = dists[k].1
            dists[k].1 = []
            if k == 0 {
                collapsed = dist
                continue
            }
            for (i, v) in dist.enumerated() {
                guard i < collapsed.count else { collapsed.append(v); continue }
                let (sum, overflow) = collapsed[i].addingReportingOverflow(v)
                if overflow { throw ReportError("working set sizes of the targets add up beyond \(Int.max) bytes") }
                collapsed[i] = sum
            }
        }
        return [("0", collapsed)]
    }
}

/// `report nr_regions`: how many regions snapshots had, skipping the first
/// 20 that DAMON was still adapting.
public enum NrRegionsReport {
    public static func counts(_ record: Record, sorted: Bool) -> [Int] {
        var counts = record.snapshots.dropFirst(20).map { $0.regions.count }
        if sorted { counts.sort() }
        return counts
    }

    public static func text(_ records: [Record], percentiles: [Int], sorted: Bool) throws -> String {
        try text(records.map { (WSSReport.targetKey($0), counts($0, sorted: sorted)) }, percentiles: percentiles)
    }

    /// From each record's (target key, counts past the first 20 snapshots,
    /// in the order to show).
    public static func text(_ perRecord: [(String, [Int])], percentiles: [Int]) throws -> String {
        var lines = ["# <percentile> <# regions>"]
        for (key, counts) in perRecord {
            lines.append("# target_id\t" + key)
            if counts.isEmpty {
                lines.append("# no snapshot")
                continue
            }
            let sum = counts.reduce(0, +)
            lines.append("# avr:\t" + PyFormat.int(.float(PyNum.trueDivide(Int128(sum), Int128(counts.count)))))
            for (p, i) in zip(percentiles, try DistReport.indices(percentiles, count: counts.count)) {
                lines.append("\(p)\t\(counts[i])")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `report times`: the time intervals in which snapshots (after filters)
/// still had regions, joined where they are contiguous.
public enum TimesReport {
    public static func text(_ records: [Record]) -> String {
        var collector = Collector()
        for record in records {
            for snapshot in record.snapshots { collector.add(snapshot) }
        }
        return collector.text
    }

    /// Start and end times (ns) of the runs of contiguous snapshots with
    /// regions.
    public static func intervals(_ records: [Record]) -> [(PyNum, PyNum)] {
        var collector = Collector()
        for record in records {
            for snapshot in record.snapshots { collector.add(snapshot) }
        }
        return collector.times
    }

    /// The runs, snapshot after snapshot (one entry per run, not per
    /// snapshot).
    public struct Collector {
        public private(set) var times: [(PyNum, PyNum)] = []
        public init() {}

        public mutating func add(_ snapshot: Snapshot) {
            guard !snapshot.regions.isEmpty else { return }
            if let last = times.last, last.1 == snapshot.startTime {
                times[times.count - 1].1 = snapshot.endTime
            } else {
                times.append((snapshot.startTime, snapshot.endTime))
            }
        }

        public var text: String {
            var lines: [String] = []
            for (start, end) in times {
                let sec = { (t: PyNum) in PyFormat.fixed((t / .int(1_000_000_000)).double, 6) }
                lines.append(sec(start) + "-" + sec(end))
                lines.append("# (seconds)")
            }
            return lines.joined(separator: "\n")
        }
    }
}
