import DamonModel

/// Percentile distributions as damo prints them for `report wss` (and
/// `report footprints`): an average, then one line per percentile with a
/// bar scaled to the largest printed value.
public enum DistReport {
    /// The value at a percentile of sorted (or time-ordered) values.
    public static func index(percentile: Int, count: Int) -> Int {
        var idx = Int(Double(percentile) / 100.0 * Double(count))
        if idx == count { idx -= 1 }
        return idx
    }

    /// `format` gets the value (int, or the float average) and the raw flag.
    public static func text(metric: String, values: [Int], percentiles: [Int], all: Bool,
                            rawNumber: Bool, barColumns: Int,
                            format: (PyNum, Bool) -> String = UnitFormat.size) -> String {
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
        var perColumn = 1.0
        if barColumns > 0 {
            var maxValue = 0
            for p in percentiles {
                let v = values[index(percentile: p, count: values.count)]
                if maxValue <= v { maxValue = v }
            }
            if maxValue > 0 { perColumn = Double(maxValue) / Double(barColumns) }
        }
        for p in percentiles {
            let idx = index(percentile: p, count: values.count)
            let valueText = idx == -1 ? "-1" : format(PyNum(values[idx]), rawNumber)
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
    public static func points(values: [Int], percentiles: [Int], all: Bool) -> [(x: Double, y: Double)] {
        if values.isEmpty { return [] }
        if all { return values.enumerated().map { (Double($0.offset), Double($0.element)) } }
        return percentiles.map { p in (Double(p), Double(values[index(percentile: p, count: values.count)])) }
    }
}

/// `report wss`: working set size (bytes of regions accessed at least
/// `accessThreshold` times) of each snapshot.
public enum WSSReport {
    /// Per target id (or one collapsed list under id 0), in first-seen order.
    public static func distributions(_ records: [Record], accessThreshold: Int, sizeThreshold: Int,
                                     sorted: Bool, collapse: Bool) -> [(String, [Int])] {
        var dists: [(String, [Int])] = []
        for record in records {
            var wss: [Int] = []
            wss.reserveCapacity(record.snapshots.count)
            for snapshot in record.snapshots {
                var total = 0
                for r in snapshot.regions {
                    if (r.samples ?? 0) < accessThreshold || r.size < sizeThreshold { continue }
                    total += r.size
                }
                wss.append(total)
            }
            if sorted { wss.sort() }
            let key = record.targetId?.description ?? "None"
            // Later records of the same target replace earlier ones, as
            // damo's dict does.
            if let i = dists.firstIndex(where: { $0.0 == key }) { dists[i].1 = wss } else { dists.append((key, wss)) }
        }
        guard collapse else { return dists }
        var collapsed: [Int] = []
        for (_, dist) in dists {
            for (i, v) in dist.enumerated() {
                if i < collapsed.count { collapsed[i] += v } else { collapsed.append(v) }
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

    public static func text(_ records: [Record], percentiles: [Int], sorted: Bool) -> String {
        var lines = ["# <percentile> <# regions>"]
        for record in records {
            let counts = self.counts(record, sorted: sorted)
            lines.append("# target_id\t" + (record.targetId?.description ?? "None"))
            if counts.isEmpty {
                lines.append("# no snapshot")
                continue
            }
            let sum = counts.reduce(0, +)
            lines.append("# avr:\t" + PyFormat.int(.float(PyNum.trueDivide(Int128(sum), Int128(counts.count)))))
            for p in percentiles {
                lines.append("\(p)\t\(counts[DistReport.index(percentile: p, count: counts.count)])")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `report times`: the time intervals in which snapshots (after filters)
/// still had regions, joined where they are contiguous.
public enum TimesReport {
    public static func text(_ records: [Record]) -> String {
        var lines: [String] = []
        for (start, end) in intervals(records) {
            let sec = { (t: PyNum) in PyFormat.fixed((t / .int(1_000_000_000)).double, 6) }
            lines.append(sec(start) + "-" + sec(end))
            lines.append("# (seconds)")
        }
        return lines.joined(separator: "\n")
    }

    /// Start and end times (ns) of the runs of contiguous snapshots with
    /// regions.
    public static func intervals(_ records: [Record]) -> [(PyNum, PyNum)] {
        var times: [(PyNum, PyNum)] = []
        for record in records {
            for snapshot in record.snapshots where !snapshot.regions.isEmpty {
                if let last = times.last, last.1 == snapshot.startTime {
                    times[times.count - 1].1 = snapshot.endTime
                } else {
                    times.append((snapshot.startTime, snapshot.endTime))
                }
            }
        }
        return times
    }
}
