import DamonModel

/// A region property `report attrs` sorts by.
public enum AttrsSortKey: String, CaseIterable, Sendable {
    case address, probeHitsWsum = "probe_hits_wsum", age, size, temperature
}

/// `report attrs --style`: preset templates.
public enum AttrsStyle: String, CaseIterable, Sendable {
    case detailed
    case temperatureSzHist = "temperature-sz-hist"
    case recencySzHist = "recency-sz-hist"
    case coldMemoryTail = "cold-memory-tail"
    case recencyPercentiles = "recency-percentiles"
    case idleTimePercentiles = "idle-time-percentiles"
    case temperaturePercentiles = "temperature-percentiles"
}

/// Everything that shapes `report attrs`' text.  The templates and the
/// knobs shared with `report access` (histograms, percentiles, heatmap,
/// minimum widths, raw numbers) live in `base`; its temperature weights
/// are attrs' own: probe hits weighted sum, age and size.
public struct AttrsReportFormat: Sendable {
    public var base = AccessReportFormat()
    /// Sort passes in order, each ascending or descending (`reverse`).
    public var sortBy: [(key: AttrsSortKey, descending: Bool)] = [(.temperature, false)]

    public static let defaultWeights: [PyNum] = [.int(100), .int(100), .int(0)]
    public static let defaultMinChars: [(String, Int)] = [
        ("<index>", 3), ("<start address>", 12), ("<end address>", 11), ("<size>", 11),
        ("<age>", 13), ("<filters passed bytes>", 11), ("<filters passed type>", 10),
    ]

    public init() {
        base.temperatureWeights = AttrsReportFormat.defaultWeights
        base.minChars = AttrsReportFormat.defaultMinChars
    }

    public subscript(area: AccessFormatArea) -> String? {
        get { base[area] }
        set { base[area] = newValue }
    }

    /// `--sort_regions_by` words: keys, each optionally followed by
    /// `reverse`; nil with the message damo gives for a wrong one.
    public static func sortPasses(_ words: [String]) -> Result<[(key: AttrsSortKey, descending: Bool)], ReportError> {
        var passes: [(key: AttrsSortKey, descending: Bool)] = []
        for (idx, word) in words.enumerated() {
            if let key = AttrsSortKey(rawValue: word) {
                passes.append((key, false))
            } else if word == "reverse" {
                guard idx > 0, AttrsSortKey(rawValue: words[idx - 1]) != nil else {
                    return .failure(ReportError("invalid --sort_regions_by (\"reverse\" at unexpected position (\(idx)-th))"))
                }
                passes[passes.count - 1].descending = true
            } else {
                return .failure(ReportError("invalid --sort_regions_by (unsupported input (\(word)))"))
            }
        }
        return .success(passes)
    }

    /// The templates for these records: `--format set` edits, the style's
    /// presets, `--total_sz_only`, defaults for what is still unset, then
    /// `--format append` edits.
    public mutating func resolve(style: AttrsStyle, edits: [AccessFormatEdit], totalSizeOnly: Bool, records: [Record]) {
        for e in edits where !e.append { self[e.area] = e.template }
        applyStyle(style, records)
        if totalSizeOnly {
            self[.snapshotHead] = ""
            self[.region] = ""
            self[.snapshotTail] = "<total bytes>"
        }
        applyDefaults(records)
        for e in edits where e.append { self[e.area] = (self[e.area] ?? "") + e.template }
    }

    static let snapshotTime = "snapshot time: [<start time>, <end time>] (<duration>)"

    mutating func applyStyle(_ style: AttrsStyle, _ records: [Record]) {
        switch style {
        case .detailed:
            break
        case .temperatureSzHist, .recencySzHist, .coldMemoryTail:
            self[.snapshotHead] = style == .temperatureSzHist
                ? "<temperature> <total size>\n<temperature-sz histogram>"
                : "<idle time (us)> <total size>\n<recency-sz histogram>"
            self[.region] = ""
        case .recencyPercentiles, .idleTimePercentiles, .temperaturePercentiles:
            let what = style == .temperaturePercentiles ? "temperature" : "recency"
            var lines: [String] = []
            if records.contains(where: { $0.snapshots.count > 1 }) { lines.append(Self.snapshotTime) }
            lines += ["# total \(what) percentiles", "<\(what) percentiles>"]
            self[.snapshotHead] = lines.joined(separator: "\n")
            self[.region] = ""
        }
    }

    mutating func applyDefaults(_ records: [Record]) {
        // Any DAMOS filter of a record (not only those of the operations
        // layer) adds the df-passed columns, as in damo.
        let filtersInstalled = records.contains { !$0.schemeFilters.isEmpty }
        // The record head and tail and the snapshot tail are report
        // access' defaults.
        var access = AccessReportFormat()
        for area in [AccessFormatArea.recordHead, .recordTail, .snapshotTail] { access[area] = self[area] }
        access[.snapshotHead] = ""
        access[.region] = ""
        access.applyDefaults(records, regionBox: false)
        for area in [AccessFormatArea.recordHead, .recordTail, .snapshotTail] { self[area] = access[area] }

        if self[.snapshotHead] == nil {
            var lines: [String] = []
            if records.contains(where: { $0.snapshots.count > 1 }) { lines.append(Self.snapshotTime) }
            lines += ["heatmap: <heatmap>", "<probes>", "intervals: <snapshot intervals>"]
            if filtersInstalled { lines.append("# damos filters (df): <filters passed type>") }
            if self[.region] == nil { lines.append(legendLine(filtersInstalled)) }
            self[.snapshotHead] = lines.joined(separator: "\n")
        }
        if self[.region] == nil {
            self[.region] = "<index> <size>  <start address>" + (filtersInstalled ? "  <filters passed bytes>" : "")
                + "  <age> <probe hits>"
        }
    }

    /// The column names above the default region lines.
    func legendLine(_ filtersInstalled: Bool) -> String {
        func spaces(_ n: Int) -> String { String(repeating: " ", count: max(0, n)) }
        func width(_ keyword: String) -> Int { base.minChars(keyword) }
        var line = "#" + spaces(width("<index>")) + "size" + spaces(width("<size>") - 4 + 2)
            + "address" + spaces(width("<start address>") - 7 + 2)
        if filtersInstalled { line += "df-passed" + spaces(width("<filters passed bytes>") - 9 + 2) }
        return line + "age" + spaces(width("<age>") - 3 + 1) + "probe_hits"
    }
}
