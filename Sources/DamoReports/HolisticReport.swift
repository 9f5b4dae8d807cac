import DamonModel
import DamonRecords

/// `report holistic`: one text of a recording's heatmaps, working set and
/// footprint distributions and hot functions, short or `--long`, laid out
/// as damo 3.4.3 does.  The profile's text (perf report) is the caller's.
public enum HolisticReport {
    public struct Inputs {
        public var records: [Record]
        public var footprints: FootprintReport.Series
        /// `perf report --stdio` lines, or why there are none.
        public var profile: Result<[String], ReportError>?
        /// Only the last seconds in the short report's heatmaps (`monitor`).
        public var heatmapLastSeconds: Double?

        public init(records: [Record], footprints: FootprintReport.Series,
                    profile: Result<[String], ReportError>?, heatmapLastSeconds: Double? = nil) {
            self.records = records
            self.footprints = footprints
            self.profile = profile
            self.heatmapLastSeconds = heatmapLastSeconds
        }
    }

    static let percentiles = [0, 25, 50, 75, 100]

    public static func short(_ input: Inputs) throws -> String {
        var lines = ["# Heatmap"]
        for guide in RecordGuide.of(input.records) {
            var timeRange = (guide.startTime, guide.endTime)
            if let last = input.heatmapLastSeconds {
                timeRange = (guide.endTime - PyNum.float(last * 1e9), guide.endTime)
            }
            let maps = try heatmaps(input.records, guide, timeRange, resolution: (5, 80))
            for (range, map) in zip(guide.ranges, maps) {
                lines.append("# target \(targetText(guide)), address range \(range.start)-\(range.end)")
                lines.append(map)
            }
        }
        lines.append("")
        lines.append("# Memory Footprints Distribution")
        lines.append(pad("percentile", 10) + " " + percentiles.map { pad(String($0), 15) }.joined(separator: " "))
        let records = adjusted(input.records)
        for (_, values) in try WSSReport.distributions(records, accessThreshold: 1, sizeThreshold: 1, sorted: true, collapse: true) {
            lines.append(distributionLine("wss", values))
        }
        for metric in [FootprintReport.Metric.rss, .vsz, .sysUsed] {
            lines.append(distributionLine(metric.rawValue, try input.footprints.values(metric, sorted: true)))
        }
        if let profile = input.profile {
            lines.append("")
            lines.append("# Hotspot functions")
            switch profile {
            case .success(let text): lines += Array(text.dropFirst(5).prefix(16))
            case .failure(let e): lines.append("# no profile: \(e.message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func long(_ input: Inputs) throws -> String {
        let guides = RecordGuide.of(input.records)
        var lines = ["Overall recorded access pattern", "===============================", ""]
        for guide in guides { lines.append(guide.text(raw: true)) }
        lines += ["", "# regions above are regions that access pattern recorded",
                  "# you can get this via 'damo record_info', too", "", "Heatmap", "=======", ""]
        for guide in guides {
            lines.append("# target \(targetText(guide))")
            let maps = try heatmaps(input.records, guide, (guide.startTime, guide.endTime), resolution: (10, 80))
            for (range, map) in zip(guide.ranges, maps) {
                lines.append("# address range \(range.start)-\(range.end)")
                lines.append(map)
            }
        }
        lines += ["# you can get above via 'damo report heatmap'", "",
                  "Working Set Size and Memory Footprints Distribution",
                  "===================================================", ""]
        let records = adjusted(input.records)
        for sortKey in ["size", "time"] {
            lines += ["Sorted by \(sortKey)", "--------------", ""]
            let sorted = sortKey == "size"
            for (_, values) in try WSSReport.distributions(records, accessThreshold: 1, sizeThreshold: 1, sorted: sorted, collapse: true) {
                lines.append(try DistReport.text(metric: "wss", values: values, percentiles: percentiles, all: false,
                                             rawNumber: false, barColumns: 59))
            }
            for metric in [FootprintReport.Metric.rss, .vsz, .sysUsed] {
                lines.append(try DistReport.text(metric: metric.rawValue,
                                             values: try input.footprints.values(metric, sorted: sorted),
                                             percentiles: percentiles, all: false, rawNumber: false, barColumns: 59))
            }
            lines.append("")
        }
        lines += ["# you can get above via 'damo report wss' and 'damo report footprints'", "",
                  "Hotspot functions", "=================", ""]
        switch input.profile {
        case .success(let text)?: lines.append(text.prefix(30).joined(separator: "\n"))
        case .failure(let e)?: lines.append("# no profile: \(e.message)")
        case nil: lines.append("# no profile: perf is not installed")
        }
        lines.append("# you can get above via 'damo report profile'")
        return lines.joined(separator: "\n")
    }

    static func targetText(_ guide: RecordGuide) -> String { guide.targetId?.description ?? "None" }

    /// damo re-aggregates long records to 1 us intervals, skipping 20
    /// snapshots, before the distributions.
    static func adjusted(_ records: [Record]) -> [Record] {
        var records = records
        if records.reduce(0, { $0 + $1.snapshots.count }) > 200 {
            RecordAdjust.adjust(&records, aggregateIntervalUs: .int(1), skip: 20)
        }
        return records
    }

    /// The heatmaps of a guide's address ranges, on the terminal, all
    /// built at once (one at a time rebuilt every range's map per range).
    /// A range that damo's address-0 rule inverted has no pixels.
    static func heatmaps(_ records: [Record], _ guide: RecordGuide, _ time: (PyNum, PyNum),
                         resolution: (Int, Int)) throws -> [String] {
        var o = HeatmapOptions(resolution: (time: resolution.0, addr: resolution.1))
        o.kdamondIdx = guide.kdamondIdx
        o.contextIdx = guide.contextIdx
        o.schemeIdx = guide.schemeIdx
        o.targetId = guide.targetId?.value
        o.timeRangeNs = time
        let drawable = guide.ranges.filter { $0.start <= $0.end }
        o.addressRanges = drawable.map { [String($0.start), String($0.end)] }
        var maps = try HeatmapReport.maps(records, o).makeIterator()
        return guide.ranges.map { range in
            guard range.start <= range.end, let map = maps.next() else {
                return "# no access information in the given time and address ranges"
            }
            return map.heatmap.asciiText(colorset: .gray, showColorset: false)
        }
    }

    /// `<name> <p0> <p25> <p50> <p75> <p100> ` in damo's columns.
    static func distributionLine(_ name: String, _ values: [Int]) -> String {
        var line = pad(name, 10) + " "
        for p in percentiles {
            let text = DistReport.index(percentile: p, count: values.count).map { UnitFormat.size(PyNum(values[$0]), raw: false) } ?? "-"
            line += pad(text, 15) + " "
        }
        return line
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
