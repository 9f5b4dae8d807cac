import DamonModel

/// `report access --style`: preset templates.
public enum AccessStyle: String, CaseIterable, Sendable {
    case detailed
    case simpleBoxes = "simple-boxes"
    case temperatureSzHist = "temperature-sz-hist"
    case recencySzHist = "recency-sz-hist"
    case coldMemoryTail = "cold-memory-tail"
    case recencyPercentiles = "recency-percentiles"
    case idleTimePercentiles = "idle-time-percentiles"
    case temperaturePercentiles = "temperature-percentiles"
    case cold, hot
}

/// One `--format set|append AREA TEMPLATE`.
public struct AccessFormatEdit: Sendable {
    public var append: Bool
    public var area: AccessFormatArea
    public var template: String

    public init(append: Bool, area: AccessFormatArea, template: String) {
        self.append = append
        self.area = area
        self.template = template
    }

    /// From the three words of one `--format`, or a message saying what is wrong.
    public static func parse(_ words: [String]) -> Result<AccessFormatEdit, ReportError> {
        guard words.count == 3 else {
            return .failure(ReportError("wrong nr of --format option (\(pyList(words)))"))
        }
        guard words[0] == "set" || words[0] == "append" else {
            return .failure(ReportError("wrong --format action (\(pyList(words)))"))
        }
        guard let area = AccessFormatArea(rawValue: words[1]) else {
            return .failure(ReportError("wrong --format target area (\(pyList(words)))"))
        }
        return .success(AccessFormatEdit(append: words[0] == "append", area: area, template: words[2]))
    }

    static func pyList(_ words: [String]) -> String {
        "[" + words.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }
}

extension AccessReportFormat {
    /// The templates damo ends up with for these records: `--format set`
    /// edits, then the style's presets, then defaults for whatever is still
    /// unset, then `--format append` edits.
    public mutating func resolve(style: AccessStyle, edits: [AccessFormatEdit], totalSizeOnly: Bool,
                                 regionBox: Bool, records: [Record]) {
        resolve(style: style, edits: edits, totalSizeOnly: totalSizeOnly, regionBox: regionBox,
                summary: AccessReportSummary(records))
    }

    /// The same from the records' summary (all that resolving looks at).
    public mutating func resolve(style: AccessStyle, edits: [AccessFormatEdit], totalSizeOnly: Bool,
                                 regionBox: Bool, summary: AccessReportSummary) {
        for e in edits where !e.append { self[e.area] = e.template }
        applyStyle(style, summary)
        if totalSizeOnly {
            self[.snapshotHead] = ""
            self[.region] = ""
            self[.snapshotTail] = "<total bytes>"
        }
        applyDefaults(summary, regionBox: regionBox)
        for e in edits where e.append { self[e.area] = (self[e.area] ?? "") + e.template }
    }

    /// Whether the resolved format will draw region boxes.  Only the
    /// options decide it (the style, `--region_box`, the templates given):
    /// no record fact adds or removes `<box>`, so resolving against an
    /// empty summary tells before the records are read.
    public func drawsRegionBoxes(style: AccessStyle, edits: [AccessFormatEdit], totalSizeOnly: Bool,
                                 regionBox: Bool) -> Bool {
        var trial = self
        trial.resolve(style: style, edits: edits, totalSizeOnly: totalSizeOnly, regionBox: regionBox,
                      summary: AccessReportSummary(notingBoxes: false))
        return trial[.region]?.contains("<box>") ?? false
    }

    static func hasOpsFilters(_ summary: AccessReportSummary) -> Bool {
        summary.headers.contains { $0.schemeFilters.contains(where: \.handledByOps) }
    }

    mutating func boxedRegions(sortBy: [RegionAttribute]? = nil, descending: Bool = false) {
        box.minMaxHeight = [1, 1]
        box.minMaxLength = [1, 40]
        box.alignRight = true
        box.colorset = .emotion
        if let sortBy { self.sortBy = sortBy }
        if descending { sortDescending = ["temperature"] }
    }

    mutating func applyStyle(_ style: AccessStyle, _ summary: AccessReportSummary) {
        switch style {
        case .detailed:
            break
        case .simpleBoxes:
            self[.snapshotHead] = "snapshot time: [<start time>, <end time>] (<duration>)"
            self[.region] = "<box> size <size> access <access hz> age <age>"
            boxedRegions()
        case .temperatureSzHist, .recencySzHist, .coldMemoryTail:
            let temperature = style == .temperatureSzHist
            let legend = temperature ? "<temperature>" : "<idle time (us)>"
            var lines: [String] = []
            if AccessReportFormat.hasOpsFilters(summary) {
                lines += ["# damos filters (df): <filters passed type>", "\(legend) <df-passed size>",
                          temperature ? "<temperature-df-passed-sz histogram>" : "<recency-df-passed-sz histogram>", ""]
            }
            lines += ["\(legend) <total size>", temperature ? "<temperature-sz histogram>" : "<recency-sz histogram>"]
            self[.snapshotHead] = lines.joined(separator: "\n")
            self[.region] = ""
        case .recencyPercentiles, .idleTimePercentiles, .temperaturePercentiles:
            let what = style == .temperaturePercentiles ? "temperature" : "recency"
            var lines: [String] = []
            if summary.anyRecordHasManySnapshots {
                lines.append("snapshot time: [<start time>, <end time>] (<duration>)")
            }
            if AccessReportFormat.hasOpsFilters(summary) {
                lines += ["# damos filters (df): <filters passed type>", "# df-passed \(what) percentiles",
                          "<df-passed \(what) percentiles>", ""]
            }
            lines += ["# total \(what) percentiles", "<\(what) percentiles>"]
            self[.snapshotHead] = lines.joined(separator: "\n")
            self[.region] = ""
        case .cold, .hot:
            self[.region] = "<box> <size> access <access hz> <age>"
            boxedRegions(sortBy: [.temperature], descending: style == .hot)
        }
    }

    mutating func applyDefaults(_ records: [Record], regionBox: Bool) {
        applyDefaults(AccessReportSummary(records), regionBox: regionBox)
    }

    mutating func applyDefaults(_ summary: AccessReportSummary, regionBox: Bool) {
        let headers = summary.headers
        let filtersInstalled = headers.contains { !$0.schemeFilters.isEmpty }
        let hasProbes = summary.firstSnapshotHasProbes

        if self[.recordHead] == nil {
            self[.recordHead] = summary.records.count > 1
                ? "kdamond <kdamond index> / context <context index> / scheme <scheme index> / target id <target id> "
                    + "/ recorded for <duration> from <abs start time>"
                : ""
        }
        if self[.recordTail] == nil {
            var lines = ["record DAMON intervals: <intervals>"]
            if headers.contains(where: { $0.intervals?.goal.enabled ?? false }) { lines.append("# <intervals goal>") }
            if headers.contains(where: { $0.dataSource == recordDataSourceDamonStat }) {
                lines.append("# data source: <data source>")
            }
            self[.recordTail] = lines.joined(separator: "\n")
        }

        if self[.snapshotHead] == nil {
            var lines: [String] = []
            if summary.anyRecordHasManySnapshots {
                lines.append("snapshot time: [<start time>, <end time>] (<duration>)")
            }
            lines += ["heatmap: <heatmap>", "intervals: <snapshot intervals>"]
            if filtersInstalled {
                lines += ["# damos filters (df): <filters passed type>", "df-pass: <filters passed heatmap>"]
            }
            if hasProbes && self[.region] == nil { lines += probeLegendLines() }
            self[.snapshotHead] = lines.joined(separator: "\n")
        }
        if self[.snapshotTail] == nil {
            var tail = filtersInstalled
                ? "memory bw estimate: <estimated memory bandwidth>  df-passed: <filters passed estimated memory bandwidth>"
                    + "\ntotal size: <total bytes>  df-passed <filters passed bytes>"
                : "memory bw estimate: <estimated memory bandwidth>\ntotal size: <total bytes>"
            if filtersInstalled { tail += "\nscheme stats\n<damos stats>" }
            self[.snapshotTail] = tail
        }
        if regionBox && !(self[.snapshotTail] ?? "").contains("<region box description>") {
            // damo builds this from the record tail, not the snapshot tail.
            self[.snapshotTail] = (self[.recordTail] ?? "None") + "\n<region box description>"
        }

        let defaultRegion = hasProbes
            ? "<index> <start address> <size>  <access hz> <age> <probe hits> "
            : "<index> addr <start address> size <size> access <access hz> age <age>"
        if regionBox {
            self[.region] = (box.minMaxHeight[1] > 1 ? "<box>" : "<box>\n") + defaultRegion
        }
        if self[.region] == nil {
            self[.region] = defaultRegion + (filtersInstalled ? " df-passed <filters passed bytes>" : "")
        }
    }

    func minChars(_ keyword: String) -> Int {
        minChars.first { $0.0 == keyword }?.1 ?? 0
    }

    func probeLegendLines() -> [String] {
        let idx = minChars("<index>"), addr = minChars("<start address>"), size = minChars("<size>")
        let hz = minChars("<access hz>"), age = minChars("<age>")
        func spaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }
        return [
            "#" + spaces(idx) + "addr" + spaces(addr - 4 + 1) + "size" + spaces(size - 4 + 2) + spaces(hz + 1)
                + "age" + spaces(age - 3 + 1) + "probe_hits",
            "#" + spaces(idx + 1 + addr + 1 + size + 1) + "access_hz",
        ]
    }
}
