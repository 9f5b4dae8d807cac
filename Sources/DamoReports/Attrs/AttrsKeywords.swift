import DamonModel

/// The keywords of `report attrs` format templates, in the order damo
/// substitutes them.  Most are report access' own; the probe-related ones
/// (temperature, recency, heatmap, probes) weigh probe hits instead of
/// the access rate.
enum AttrsKeywords {
    struct Context: Sendable {
        var base: AccessKeywords.Context
        let format: AttrsReportFormat
        /// The probes of the record's DAMON context.
        let probes: [DamonProbe]

        var probeWeights: [Int] { probes.map(\.weight) }
        var raw: Bool { format.base.rawNumber }
        var snapshot: Snapshot { base.snapshot! }
        var region: Region { base.region! }
        var aggrUs: PyNum { AccessMetrics.aggrUs(snapshot, base.intervals) }
        var weights: [PyNum] { format.base.temperatureWeights }
    }

    struct Keyword: Sendable {
        let name: String
        let help: String
        let text: @Sendable (Context) -> String
    }

    /// Report access' keyword of this name, as it is.
    static func access(_ name: String, _ table: [AccessKeywords.Keyword]) -> Keyword {
        let k = table.first { $0.name == name }!
        return Keyword(name: k.name, help: k.help) { k.text($0.base) }
    }

    static let record: [Keyword] = AccessKeywords.record.map { access($0.name, AccessKeywords.record) }

    static func snapshotShared(_ name: String) -> Keyword { access(name, AccessKeywords.snapshot) }

    static func probesText(_ probes: [DamonProbe], raw: Bool) -> String {
        switch probes.count {
        case 0: return "No probe"
        case 1: return "probe " + probes[0].toString(raw: raw)
        default: return (["probes"] + probes.map { "- " + $0.toString(raw: raw) }).joined(separator: "\n")
        }
    }

    static let snapshot: [Keyword] = [
        Keyword(name: "<probes>", help: "probes description") { probesText($0.probes, raw: $0.raw) },
        snapshotShared("<total bytes>"), snapshotShared("<duration>"), snapshotShared("<start time>"),
        snapshotShared("<end time>"), snapshotShared("<abs start time>"), snapshotShared("<abs end time>"),
        snapshotShared("<number of regions>"),
        Keyword(name: "<temperature-sz histogram>", help: "temperature to total size of the regions histogram") {
            AttrsMetrics.histogram($0.snapshot.regions, .temperature, aggrUs: $0.aggrUs, $0.probeWeights, $0.format.base)
        },
        Keyword(name: "<recency-sz histogram>", help: "idle time to total size of the regions histogram") {
            AttrsMetrics.histogram($0.snapshot.regions, .recency, aggrUs: $0.aggrUs, $0.probeWeights, $0.format.base)
        },
        Keyword(name: "<recency percentiles>", help: "per-byte idle time distribution in percentiles") {
            AttrsMetrics.percentiles($0.snapshot.regions, .recency, aggrUs: $0.aggrUs, $0.probeWeights, $0.format.base)
        },
        Keyword(name: "<temperature percentiles>", help: "per-byte access temperature distribution in percentiles") {
            AttrsMetrics.percentiles($0.snapshot.regions, .temperature, aggrUs: $0.aggrUs, $0.probeWeights,
                                     $0.format.base)
        },
        Keyword(name: "<heatmap>", help: "heatmap of the snapshot") { c in
            let weights = c.probeWeights
            return AccessHeatmapLine.render(c.snapshot.regions, c.format.base) { size, region in
                AttrsMetrics.temperature(size: size, region, weights, c.weights)
            }
        },
        snapshotShared("<filters passed type>"), snapshotShared("<filters passed bytes>"),
        snapshotShared("<estimated memory bandwidth>"), snapshotShared("<filters passed estimated memory bandwidth>"),
        snapshotShared("<intervals tuning status>"), snapshotShared("<damos stats>"),
        Keyword(name: "<snapshot intervals>", help: "Snapshot intervals status") { c in
            let intervals = c.base.intervals
            let ratio = PyNum.floorDiv(intervals.aggr, intervals.sample)
            let aggr = c.aggrUs
            return "sample \(UnitFormat.timeUs(aggr / ratio, raw: c.raw)) aggr \(UnitFormat.timeUs(aggr, raw: c.raw)) "
                + "(max probe hits \(UnitFormat.nr(ratio, raw: c.raw)))"
        },
    ]

    static func regionShared(_ name: String) -> Keyword { access(name, AccessKeywords.region) }

    static let region: [Keyword] = [
        regionShared("<index>"), regionShared("<start address>"), regionShared("<end address>"),
        regionShared("<size>"), regionShared("<age>"),
        Keyword(name: "<temperature>", help: "access temperature of the region") {
            UnitFormat.nr(AttrsMetrics.temperature($0.region, $0.probeWeights, $0.weights), raw: $0.raw)
        },
        regionShared("<probe hits>"), regionShared("<filters passed bytes>"),
    ]

    /// Fills a template as report access does: each keyword present, in
    /// table order, replaced by its text padded to its minimum width, then
    /// `\n` made a newline; nil for an empty template.
    static func expand(_ template: String, _ keywords: [Keyword], _ context: Context) -> String? {
        if template.isEmpty { return nil }
        var t = template
        for k in keywords where t.contains(k.name) {
            var text = k.text(context)
            let width = context.format.base.minChars.first(where: { $0.0 == k.name })?.1 ?? 0
            let length = text.unicodeScalars.count
            if length < width { text += String(repeating: " ", count: width - length) }
            t = t.replacing(k.name, with: text)
        }
        return t.replacing("\\n", with: "\n")
    }
}
