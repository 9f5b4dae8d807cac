import DamonModel

/// `report access`'s whole format as damo's key/value object: what
/// `args accesses_format` prints and the one-value `--format JSON_OR_FILE`
/// reads back.  Two keys are not about text shapes but travel with it.
public struct AccessFormatObject: Sendable {
    public var format: AccessReportFormat
    public var dontMergeRegions: Bool
    public var json: Bool

    public init(format: AccessReportFormat, dontMergeRegions: Bool = false, json: Bool = false) {
        self.format = format
        self.dontMergeRegions = dontMergeRegions
        self.json = json
    }

    /// The object in damo's key order; unset templates are null, so that
    /// the report fills them for the records it shows.
    public func toKV() -> KV {
        let f = format
        func ints(_ v: [Int]) -> KV { .list(v.map { KV.int($0) }) }
        let dsc = RegionAttribute.allCases.map(\.rawValue).filter { f.sortDescending.contains($0) }
            + (f.sortDescending.contains("all") ? ["all"] : [])
        let d: KVDict = [
            "sort_regions_by": .list(f.sortBy.map { .string($0.rawValue) }),
            "sort_regions_dsc": dsc.isEmpty ? .null : .list(dsc.map { .string($0) }),
            "temperature_weights": .list(f.temperatureWeights.map { .number($0) }),
            "dont_merge_regions": .bool(dontMergeRegions),
            "hist_logscale": .bool(f.histLogscale),
            "hist_cumulate": .bool(f.histCumulate),
            "hist_ranges": f.histRanges.map { .list($0.map { .string($0) }) } ?? .null,
            "percentiles_range": f.percentilesRange.map(ints) ?? .null,
            "format_record_head": .string(f[.recordHead]),
            "format_record_tail": .string(f[.recordTail]),
            "format_snapshot_head": .string(f[.snapshotHead]),
            "format_snapshot_tail": .string(f[.snapshotTail]),
            "format_region": .string(f[.region]),
            "snapshot_heatmap_width": .int(f.heatmapWidth),
            "snapshot_heatmap_static": .bool(f.heatmapStatic),
            "snapshot_heatmap_colorset": .string(f.heatmapColorset.rawValue),
            "region_box_values": .list(f.box.values.map { .string($0?.rawValue) }),
            "region_box_min_max_height": ints(f.box.minMaxHeight),
            "region_box_min_max_length": ints(f.box.minMaxLength),
            "region_box_colorset": .string(f.box.colorset.rawValue),
            "region_box_scales": .list(f.box.logscales.map { .string($0 ? "log" : "linear") }),
            "region_box_align": .string(f.box.alignRight ? "right" : "left"),
            "min_chars_for": .list(f.minChars.map { .list([.string($0.0), .int($0.1)]) }),
            "raw_number": .bool(f.rawNumber),
            "json": .bool(json),
        ]
        return .dict(d)
    }

    /// Reads the object as damo does: the hist, percentiles and heatmap
    /// keys, added to damo over time, may be missing; the others may not.
    /// Values are checked as the options that make them are.
    public init(kv: KV) throws {
        guard case .dict = kv else { throw KVError("", "a mapping of format keys expected, \(kv.typeName) given") }
        let r = Reader(kv: kv)
        var f = AccessReportFormat()
        f.sortBy = try r.strings("sort_regions_by").map { try r.choice($0, "sort_regions_by") }
        let dsc = try r.optional("sort_regions_dsc") { try r.strings("sort_regions_dsc") } ?? []
        for key in dsc where key != "all" { let _: RegionAttribute = try r.choice(key, "sort_regions_dsc") }
        f.sortDescending = Set(dsc)
        f.temperatureWeights = try r.list("temperature_weights", count: 3).map {
            guard case .number(let n) = $0, !n.isFloat else { throw KVError("temperature_weights", "integers expected") }
            return n
        }
        dontMergeRegions = try r.bool("dont_merge_regions")
        f.histLogscale = try r.has("hist_logscale") ? r.bool("hist_logscale") : false
        f.histCumulate = try r.has("hist_cumulate") ? r.bool("hist_cumulate") : false
        f.histRanges = try r.optional("hist_ranges") { try r.list("hist_ranges").map { try Reader.text($0, "hist_ranges") } }
        f.percentilesRange = try r.optional("percentiles_range") { try r.ints("percentiles_range") }
        if let p = f.percentilesRange, p.count <= 3, p.count == 3 ? p[2] == 0 : p.isEmpty {
            throw KVError("percentiles_range", "arguments of range() with a non-zero step, or the percentiles, expected")
        }
        for area in AccessFormatArea.allCases {
            let key = "format_" + area.rawValue
            f[area] = try r.optional(key) { try Reader.text(r.value(key), key) }
        }
        if r.has("snapshot_heatmap_width") {
            f.heatmapWidth = try r.int("snapshot_heatmap_width")
            guard f.heatmapWidth > 0 else { throw KVError("snapshot_heatmap_width", "a positive number expected") }
        }
        if r.has("snapshot_heatmap_colorset") { f.heatmapColorset = try r.choice(r.string("snapshot_heatmap_colorset"), "snapshot_heatmap_colorset") }
        f.heatmapStatic = try r.has("snapshot_heatmap_static") ? r.bool("snapshot_heatmap_static") : false
        f.box.values = try r.list("region_box_values", count: 3).map { v -> RegionAttribute? in
            if v.isNull { return nil }
            let a: RegionAttribute = try r.choice(try Reader.text(v, "region_box_values"), "region_box_values")
            guard a != .address && a != .temperature else { throw KVError("region_box_values", "size, access_rate, age or null expected") }
            return a
        }
        f.box.minMaxHeight = try r.ints("region_box_min_max_height", count: 2)
        f.box.minMaxLength = try r.ints("region_box_min_max_length", count: 2)
        f.box.colorset = try r.choice(r.string("region_box_colorset"), "region_box_colorset")
        f.box.logscales = try r.list("region_box_scales", count: 3).map {
            let s = try Reader.text($0, "region_box_scales")
            guard s == "log" || s == "linear" else { throw KVError("region_box_scales", "linear or log expected ('\(s)' given)") }
            return s == "log"
        }
        let align = try r.string("region_box_align")
        guard align == "left" || align == "right" else { throw KVError("region_box_align", "left or right expected ('\(align)' given)") }
        f.box.alignRight = align == "right"
        f.minChars = try r.list("min_chars_for").map {
            guard case .list(let pair) = $0, pair.count == 2, case .string(let keyword) = pair[0],
                  let n = Reader.intValue(pair[1]) else {
                throw KVError("min_chars_for", "[<keyword>, <number>] pairs expected")
            }
            return (keyword, n)
        }
        f.rawNumber = try r.bool("raw_number")
        json = try r.bool("json")
        format = f
    }
}

/// Typed access to the object's keys, naming the key on a wrong value.
private struct Reader {
    let kv: KV

    func has(_ key: String) -> Bool { kv[key] != nil }

    func value(_ key: String) throws -> KV {
        guard let v = kv[key] else { throw KVError(key, "missing") }
        return v
    }

    /// nil for null.
    func optional<T>(_ key: String, _ read: () throws -> T) throws -> T? {
        guard let v = kv[key], !v.isNull else { return nil }
        return try read()
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let b) = try value(key) else { throw KVError(key, "true or false expected") }
        return b
    }

    static func text(_ v: KV, _ key: String) throws -> String {
        guard case .string(let s) = v else { throw KVError(key, "a string expected, \(v.typeName) given") }
        return s
    }

    func string(_ key: String) throws -> String { try Reader.text(try value(key), key) }

    static func intValue(_ v: KV) -> Int? {
        guard case .number(.int(let i)) = v, i.fitsInt64 else { return nil }
        return i.clampedInt
    }

    func int(_ key: String) throws -> Int {
        guard let i = Reader.intValue(try value(key)) else { throw KVError(key, "an integer expected") }
        return i
    }

    func list(_ key: String, count: Int? = nil) throws -> [KV] {
        guard case .list(let items) = try value(key) else { throw KVError(key, "a list expected") }
        if let count, items.count != count { throw KVError(key, "\(count) items expected, \(items.count) given") }
        return items
    }

    func strings(_ key: String) throws -> [String] {
        var out: [String] = []
        for v in try list(key) { out.append(try Reader.text(v, key)) }
        return out
    }

    func ints(_ key: String, count: Int? = nil) throws -> [Int] {
        var out: [Int] = []
        for v in try list(key, count: count) {
            guard let i = Reader.intValue(v) else { throw KVError(key, "integers expected") }
            out.append(i)
        }
        return out
    }

    func choice<T: RawRepresentable & CaseIterable>(_ text: String, _ key: String) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: text) else {
            throw KVError(key, "one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) expected ('\(text)' given)")
        }
        return v
    }
}

extension AccessReportFormat {
    /// What the options make of the format with no record at hand, for
    /// `args accesses_format`: `set` edits, the style and --total_sz_only
    /// as `resolve` applies them; templates left to the defaults stay unset
    /// (the defaults depend on the records reported), except where an
    /// `append` edit or --region_box builds on them: those get the
    /// defaults of a record without filters, probes or goals (damo's
    /// --region_box snapshot tail quotes the record tail, which a goal
    /// or DAMON_STAT extends).
    public mutating func resolveWithoutRecords(style: AccessStyle, edits: [AccessFormatEdit], totalSizeOnly: Bool,
                                               regionBox: Bool) {
        for e in edits where !e.append { self[e.area] = e.template }
        applyStyle(style, AccessReportSummary())
        if totalSizeOnly {
            self[.snapshotHead] = ""
            self[.region] = ""
            self[.snapshotTail] = "<total bytes>"
        }
        var defaults = self
        defaults.applyDefaults(AccessReportSummary(), regionBox: regionBox)
        if regionBox {
            self[.region] = defaults[.region]
            self[.snapshotTail] = defaults[.snapshotTail]
        }
        for e in edits where e.append { self[e.area] = (self[e.area] ?? defaults[e.area] ?? "") + e.template }
    }
}
