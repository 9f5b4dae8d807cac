import DamonModel

/// The keywords of `report access` format templates, in the order damo
/// substitutes them, with what each turns into.
enum AccessKeywords {
    struct Context: Sendable {
        let format: AccessReportFormat
        let box: AccessRegionBox
        /// The record's header (its snapshots come one at a time).
        let record: Record
        /// The record's first snapshot's start and last one's end.
        let startTime: PyNum, endTime: PyNum
        var snapshot: Snapshot? = nil
        var region: Region? = nil
        var index = 0

        init(format: AccessReportFormat, box: AccessRegionBox, record: Record, startTime: PyNum, endTime: PyNum) {
            self.format = format
            self.box = box
            self.record = record
            self.startTime = startTime
            self.endTime = endTime
        }

        /// A record with its snapshots, at least one.
        init(format: AccessReportFormat, box: AccessRegionBox, record: Record) {
            self.init(format: format, box: box, record: record, startTime: record.snapshots[0].startTime,
                      endTime: record.snapshots[record.snapshots.count - 1].endTime)
        }

        var intervals: Intervals { record.intervals ?? Intervals() }
        var raw: Bool { format.rawNumber }
    }

    struct Keyword: Sendable {
        let name: String
        let help: String
        let text: @Sendable (Context) -> String
    }

    static func timeNs(_ t: PyNum, _ c: Context) -> String { UnitFormat.timeNs(t, raw: c.raw) }

    static let record: [Keyword] = [
        Keyword(name: "<kdamond index>", help: "index of the record's kdamond") { "\($0.record.kdamondIdx)" },
        Keyword(name: "<context index>", help: "index of the record's DAMON context") { "\($0.record.contextIdx)" },
        Keyword(name: "<scheme index>", help: "index of the record's DAMOS scheme") {
            $0.record.schemeIdx.map(String.init) ?? "None"
        },
        Keyword(name: "<target id>", help: "index of the record's DAMON target") {
            $0.record.targetId?.description ?? "None"
        },
        Keyword(name: "<abs start time>", help: "absolute time of the start of the record") {
            timeNs($0.startTime, $0)
        },
        Keyword(name: "<duration>", help: "duration of the record") {
            timeNs($0.endTime - $0.startTime, $0)
        },
        Keyword(name: "<intervals>", help: "monitoring intervals") {
            "sample \(UnitFormat.timeUs($0.intervals.sample, raw: $0.raw)), aggr \(UnitFormat.timeUs($0.intervals.aggr, raw: $0.raw))"
        },
        Keyword(name: "<intervals goal>", help: "monitoring intervals") { $0.intervals.goal.toString(raw: $0.raw) },
        Keyword(name: "<data source>", help: "data source of the record") { $0.record.dataSource },
        Keyword(name: "<format strings>", help: "current format strings") { c in
            [
                "record head: \"\(c.format[.recordHead] ?? "None")\"",
                "snapshot head: \"\(c.format[.snapshotHead] ?? "None")\"",
                "region: \"\(c.format[.region] ?? "None")\"",
                "snapshot tail: \"\(c.format[.snapshotTail] ?? "None")\"",
                "record tail: \"\(c.format[.recordTail] ?? "None")\"",
            ].joined(separator: "\n")
        },
    ]

    static func snapshotOf(_ c: Context) -> Snapshot { c.snapshot! }
    static func aggrUs(_ c: Context) -> PyNum { AccessMetrics.aggrUs(c.snapshot!, c.intervals) }

    static func histogram(_ c: Context, _ metric: AccessDistributions.Metric, dfPassed: Bool) -> String {
        AccessDistributions.histogram(c.snapshot!.regions, metric: metric, dfPassed: dfPassed, aggrUs: aggrUs(c), c.format)
    }

    static func percentiles(_ c: Context, _ metric: AccessDistributions.Metric, dfPassed: Bool) -> String {
        AccessDistributions.percentiles(c.snapshot!.regions, metric: metric, dfPassed: dfPassed, aggrUs: aggrUs(c), c.format)
    }

    static func memoryBandwidth(_ c: Context, dfPassed: Bool) -> String {
        var bytes = PyNum.int(0)
        for r in c.snapshot!.regions {
            let sz = dfPassed ? (r.szFilterPassed ?? 0) : r.size
            bytes = bytes + PyNum(sz) * PyNum(r.samples ?? 0)
        }
        let perSec = bytes / (aggrUs(c) / .int(1_000_000))
        return UnitFormat.size(perSec, raw: c.raw) + " per second"
    }

    static func filtersPassType(_ record: Record) -> String {
        let ops = record.schemeFilters.filter(\.handledByOps)
        if ops.isEmpty { return "n/a" }
        return ops.map { $0.toString(raw: false) }.joined(separator: ", ")
    }

    static let snapshot: [Keyword] = [
        Keyword(name: "<total bytes>", help: "total bytes of regions in the snapshot") {
            let s = snapshotOf($0)
            return UnitFormat.size(s.totalBytes ?? Snapshot.sumSizes(s.regions), raw: $0.raw)
        },
        Keyword(name: "<duration>", help: "access monitoring duration for the snapshot") {
            timeNs(snapshotOf($0).endTime - snapshotOf($0).startTime, $0)
        },
        Keyword(name: "<start time>",
                help: "access monitoring start time for the snapshot, relative to the record start time") {
            timeNs(snapshotOf($0).startTime - $0.startTime, $0)
        },
        Keyword(name: "<end time>",
                help: "access monitoring end time for the snapshot, relative to the record end time") {
            timeNs(snapshotOf($0).endTime - $0.startTime, $0)
        },
        Keyword(name: "<abs start time>", help: "absolute access monitoring start time for the snapshot") {
            timeNs(snapshotOf($0).startTime, $0)
        },
        Keyword(name: "<abs end time>", help: "absolute access monitoring end time for the snapshot") {
            timeNs(snapshotOf($0).endTime, $0)
        },
        Keyword(name: "<number of regions>", help: "the number of regions in the snapshot") {
            UnitFormat.nr(snapshotOf($0).regions.count, raw: $0.raw)
        },
        Keyword(name: "<region box colors>", help: "available colors for the region box") {
            $0.format.box.colorset.samples
        },
        Keyword(name: "<region box description>", help: "description about region box (what and how it represents)") {
            $0.box.description(raw: $0.raw)
        },
        Keyword(name: "<temperature-sz histogram>", help: "temperature to total size of the regions histogram") {
            histogram($0, .temperature, dfPassed: false)
        },
        Keyword(name: "<temperature-df-passed-sz histogram>",
                help: "temperature to total size of DAMOS filters (df) passed regions histogram") {
            histogram($0, .temperature, dfPassed: true)
        },
        Keyword(name: "<recency-sz histogram>", help: "idle time to total size of the regions histogram") {
            histogram($0, .recency, dfPassed: false)
        },
        Keyword(name: "<recency-df-passed-sz histogram>",
                help: "idle time to total size of DAMOS filters (df) passed regions histogram") {
            histogram($0, .recency, dfPassed: true)
        },
        Keyword(name: "<recency percentiles>", help: "per-byte idle time distribution in percentiles") {
            percentiles($0, .recency, dfPassed: false)
        },
        Keyword(name: "<df-passed recency percentiles>",
                help: "per-df-passed byte idle time distribution in percentiles") {
            percentiles($0, .recency, dfPassed: true)
        },
        Keyword(name: "<temperature percentiles>", help: "per-byte access temperature distribution in percentiles") {
            percentiles($0, .temperature, dfPassed: false)
        },
        Keyword(name: "<df-passed temperature percentiles>",
                help: "per-df-passed byte access temperature distribution in percentiles") {
            percentiles($0, .temperature, dfPassed: true)
        },
        Keyword(name: "<heatmap>", help: "heatmap of the snapshot") {
            AccessHeatmapLine.render(snapshotOf($0).regions, $0.format)
        },
        Keyword(name: "<filters passed heatmap>", help: "heatmap of the snapshot for filter-passed regions") {
            AccessHeatmapLine.render(snapshotOf($0).regions.filter { $0.szFilterPassed != 0 }, $0.format)
        },
        Keyword(name: "<filters passed type>", help: "type of <filters passed bytes> memory") {
            filtersPassType($0.record)
        },
        Keyword(name: "<filters passed bytes>", help: "bytes of regions that passed DAMOS filters") { c in
            var total = 0
            for r in snapshotOf(c).regions {
                guard let p = r.szFilterPassed else { return "N/A" }
                total += p
            }
            return UnitFormat.size(total, raw: c.raw)
        },
        Keyword(name: "<positive access samples ratio>", help: "positive access samples ratio") { c in
            let perRegion = c.intervals.aggr / c.intervals.sample
            let regions = snapshotOf(c).regions
            let maxSamples = perRegion * PyNum(regions.count)
            let samples = regions.reduce(0) { $0 + ($1.samples ?? 0) }
            return UnitFormat.percent(PyNum(samples) * .int(100) / maxSamples, raw: c.raw)
        },
        Keyword(name: "<estimated memory bandwidth>", help: "estimated memory bandwidth") {
            memoryBandwidth($0, dfPassed: false)
        },
        Keyword(name: "<filters passed estimated memory bandwidth>", help: "estimated memory bandwidth") {
            memoryBandwidth($0, dfPassed: true)
        },
        Keyword(name: "<intervals tuning status>", help: "intervals tuning status") { c in
            let perRegion = c.intervals.aggr / c.intervals.sample
            var maxObservation = PyNum.int(0), observation = PyNum.int(0)
            for r in snapshotOf(c).regions {
                maxObservation = maxObservation + perRegion * PyNum(r.size)
                observation = observation + PyNum(r.size) * PyNum(r.samples ?? 0)
            }
            let denominator = maxObservation < .int(1) ? PyNum.int(1) : maxObservation
            return "\(UnitFormat.percent(observation * .int(100) / denominator, raw: c.raw)) "
                + "(\(UnitFormat.size(observation, raw: c.raw)) / \(UnitFormat.size(maxObservation, raw: c.raw))) "
                + "\(UnitFormat.timeUs(c.intervals.sample, raw: c.raw)) \(UnitFormat.timeUs(c.intervals.aggr, raw: c.raw))"
        },
        Keyword(name: "<damos stats>", help: "DAMOS stats for the snapshot-retrieval scheme") {
            snapshotOf($0).damosStats?.toString(raw: $0.raw) ?? "none"
        },
        Keyword(name: "<snapshot intervals>", help: "Snapshot intervals status") { c in
            let ratio = c.intervals.aggr / c.intervals.sample
            let aggr = aggrUs(c)
            let sample = aggr / ratio
            let maxHz = ratio / (aggr / .int(1_000_000))
            return "sample \(UnitFormat.timeUs(sample, raw: c.raw)) aggr \(UnitFormat.timeUs(aggr, raw: c.raw)) "
                + "(max access hz \(UnitFormat.hz(maxHz.double, raw: c.raw, suffix: false)))"
        },
    ]

    static let region: [Keyword] = [
        Keyword(name: "<index>", help: "index of the region in the regions of the snapshot") {
            UnitFormat.nr($0.index, raw: $0.raw)
        },
        Keyword(name: "<start address>", help: "start address of the region") {
            UnitFormat.size($0.region!.start, raw: $0.raw)
        },
        Keyword(name: "<end address>", help: "end address of the region") {
            UnitFormat.size($0.region!.end, raw: $0.raw)
        },
        Keyword(name: "<size>", help: "size of the region") { UnitFormat.size($0.region!.size, raw: $0.raw) },
        Keyword(name: "<access rate>", help: "monitored access rate of the region") {
            UnitFormat.percent($0.region!.percent ?? .int(0), raw: $0.raw)
        },
        Keyword(name: "<access hz>", help: "monitored access frequency of the region in hz") { c in
            let hz = PyNum(c.region!.samples ?? 0) / (aggrUs(c) / .int(1_000_000))
            return UnitFormat.hz(hz.double, raw: c.raw)
        },
        Keyword(name: "<age>", help: "how long the access pattern of the region has maintained") {
            UnitFormat.timeUs($0.region!.usec ?? .int(0), raw: $0.raw)
        },
        Keyword(name: "<temperature>", help: "access temperature of the region") {
            UnitFormat.nr(AccessMetrics.temperature($0.region!, $0.format.temperatureWeights), raw: $0.raw)
        },
        Keyword(name: "<probe hits>", help: "data attributese probe hit counts") {
            $0.region!.probeHits.map(String.init).joined(separator: " ")
        },
        Keyword(name: "<filters passed bytes>", help: "bytes of the region that passed DAMOS filters") { c in
            c.region!.szFilterPassed.map { UnitFormat.size($0, raw: c.raw) } ?? "N/A"
        },
        Keyword(name: "<box>", help: "user-customizable (via --region_box_*) box (age/access_rate/size by default)") {
            $0.box.render($0.region!)
        },
    ]

    /// Fills a template: each keyword present, in table order, is replaced
    /// everywhere by its text (padded to its minimum width), then `\n`
    /// becomes a newline.  nil for an empty template (no output line).
    static func expand(_ template: String, _ keywords: [Keyword], _ context: Context) -> String? {
        if template.isEmpty { return nil }
        var t = template
        for k in keywords where t.contains(k.name) {
            var text = k.text(context)
            if let width = context.format.minChars.first(where: { $0.0 == k.name })?.1, text.unicodeScalars.count < width {
                text += String(repeating: " ", count: width - text.unicodeScalars.count)
            }
            t = t.replacing(k.name, with: text)
        }
        return t.replacing("\\n", with: "\n")
    }
}


/// A template split once into its text and its keywords, so that a region
/// costs appending pieces rather than a search of the template for each
/// keyword (which made a text report cost 36 µs a region).  It gives what
/// `AccessKeywords.expand` gives, and defers to it for the rare texts
/// that could change the result of its replacing one keyword after
/// another (a text with `<`, `>` or a backslash, or an empty one).
struct AccessTemplate {
    enum Piece {
        case text(String, [UInt8])
        /// The keyword, its minimum width, and how to write it as bytes
        /// when it has a byte form (region keywords).
        case keyword(AccessKeywords.Keyword, Int, AccessRegionField?)
    }
    let template: String
    let keywords: [AccessKeywords.Keyword]
    let pieces: [Piece]
    /// The pieces for `write`, without reference-counted payloads (a
    /// region's line walks them all): literal text as a range of
    /// `literals`, keywords by their index in `pieces`.
    enum Step {
        case text(Range<Int>)
        case field(AccessRegionField, width: Int)
        case keyword(Int)
    }
    let steps: [Step]
    let literals: [UInt8]

    init(_ template: String, _ keywords: [AccessKeywords.Keyword], format: AccessReportFormat,
         regionFields: Bool = false) {
        self.template = template
        self.keywords = keywords
        let present = keywords.filter { template.contains($0.name) }
        let bytes = Array(template.utf8)
        var pieces: [Piece] = [], literal: [UInt8] = [], i = 0
        func flush() {
            if !literal.isEmpty {
                let text = String(decoding: literal, as: UTF8.self).replacing("\\n", with: "\n")
                pieces.append(.text(text, Array(text.utf8)))
            }
            literal = []
        }
        scan: while i < bytes.count {
            // (names are `<...>` without inner angle brackets: occurrences
            // of two never overlap)
            if bytes[i] == UInt8(ascii: "<") {
                for k in present {
                    let name = Array(k.name.utf8)
                    if bytes.count - i >= name.count && Array(bytes[i..<(i + name.count)]) == name {
                        flush()
                        let width = format.minChars.first(where: { $0.0 == k.name })?.1 ?? 0
                        pieces.append(.keyword(k, width, regionFields ? AccessRegionField(keyword: k.name) : nil))
                        i += name.count
                        continue scan
                    }
                }
            }
            literal.append(bytes[i])
            i += 1
        }
        flush()
        self.pieces = pieces
        var steps: [Step] = [], literals: [UInt8] = []
        for (i, piece) in pieces.enumerated() {
            switch piece {
            case .text(_, let bytes):
                steps.append(.text(literals.count..<(literals.count + bytes.count)))
                literals += bytes
            case .keyword(_, let width, let field?):
                steps.append(.field(field, width: width))
            case .keyword:
                steps.append(.keyword(i))
            }
        }
        self.steps = steps
        self.literals = literals
    }

    func expand(_ context: AccessKeywords.Context) -> String? {
        if template.isEmpty { return nil }
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s, _):
                out += s
            case .keyword(let k, let width, _):
                let text = k.text(context)
                if text.isEmpty || text.utf8.contains(where: { $0 == 0x3c || $0 == 0x3e || $0 == 0x5c }) {
                    return AccessKeywords.expand(template, keywords, context)
                }
                out += text
                let length = text.unicodeScalars.count
                if length < width { out += String(repeating: " ", count: width - length) }
            }
        }
        return out
    }

    /// The texts of the template's keywords that have no byte form, in
    /// order, for `write`; nil when one meets the template (empty, or with
    /// `<`, `>` or a backslash): only `expand` gives the line then.
    func stringTexts(_ context: AccessKeywords.Context) -> [String]? {
        var texts: [String] = []
        for step in steps {
            guard case .keyword(let i) = step, case .keyword(let k, _, _) = pieces[i] else { continue }
            let text = k.text(context)
            if text.isEmpty || text.utf8.contains(where: { $0 == 0x3c || $0 == 0x3e || $0 == 0x5c }) { return nil }
            texts.append(text)
        }
        return texts
    }

    /// `expand`'s text of the context's region, written into `batch`
    /// (the fields in place, see AccessRegionField), given `stringTexts`.
    func write(_ context: AccessKeywords.Context, _ region: borrowing Region, texts: [String],
               to batch: ByteBatch, _ sink: TextSink) {
        var next = 0
        for step in steps {
            let length: Int, width: Int
            switch step {
            case .text(let range):
                literals.withUnsafeBufferPointer { batch.append(UnsafeBufferPointer(rebasing: $0[range]), sink) }
                continue
            case .field(let field, let w):
                // (ASCII: one byte a character)
                length = field.write(context, region, to: batch, sink)
                width = w
            case .keyword(let i):
                guard case .keyword(_, let w, _) = pieces[i] else { continue }
                batch.append(texts[next], sink)
                length = texts[next].unicodeScalars.count
                next += 1
                width = w
            }
            var pad = width - length
            while pad > 0 {
                let n = min(pad, 4096)
                batch.room(n, sink).update(repeating: 0x20, count: n)
                batch.count += n
                pad -= n
            }
        }
    }
}
