import DamonModel
import DamonRecords
import DamoReports

/// The format options `report access` and `report attrs` share, the same
/// in both (damo declares them twice, alike).
public protocol SnapshotFormatOptions {
    var histLogscale: Bool { get }
    var histRanges: [String] { get }
    var histCumulate: Bool { get }
    var format: [String] { get }
    var snapshotHeatmapWidth: Int { get }
    var snapshotHeatmapColorset: String { get }
    var snapshotHeatmapStatic: Bool { get }
    var minCharsFor: [String] { get }
    var totalSzOnly: Bool { get }
    var rawNumber: Bool { get }
    var json: Bool { get }
    var lsRecordKeywords: Bool { get }
    var lsSnapshotKeywords: Bool { get }
    var lsRegionKeywords: Bool { get }
}

/// The options that shape `report access`'s text (damo's add_fmt_args),
/// which `args accesses_format` turns into the format object.
public protocol AccessFormatOptions: SnapshotFormatOptions {
    var style: String { get }
    var percentilesRange: [Int] { get }
    var sortRegionsBy: [String] { get }
    var sortRegionsDsc: [String] { get }
    var temperatureWeights: [String] { get }
    var formatRecordHead: String? { get }
    var formatRecordTail: String? { get }
    var formatSnapshotHead: String? { get }
    var formatSnapshotTail: String? { get }
    var formatRegion: String? { get }
    var regionBox: Bool { get }
    var regionBoxValues: [String] { get }
    var regionBoxMinMaxLength: [Int] { get }
    var regionBoxMinMaxHeight: [Int] { get }
    var regionBoxColorset: String { get }
    var regionBoxScales: [String] { get }
    var regionBoxAlign: String { get }
    var dontMergeRegions: Bool { get }
    var rawForm: Bool { get }
}

extension AccessFormatOptions {
    /// damo's pointer to the keyword help for the --ls_*_keywords options.
    var keywordsNotice: String? {
        guard lsRecordKeywords || lsSnapshotKeywords || lsRegionKeywords else { return nil }
        let kind = lsRecordKeywords ? "record" : lsSnapshotKeywords ? "snapshot" : "region"
        return "use 'damo help access_format_options \(kind)_format_keywords' instead"
    }

    /// The format the options stand for, before styles and defaults: the
    /// one-value --format's object when given (it replaces the options, as
    /// in damo), else the options'.
    func formatObject(weights: [PyNum]) throws -> AccessFormatObject {
        if let object = try givenObject() { return object }
        return AccessFormatObject(format: try baseFormat(weights: weights), dontMergeRegions: dontMergeRegions, json: json)
    }

    func parsedTemperatureWeights() throws -> [PyNum] {
        if temperatureWeights.isEmpty { return [.int(0), .int(100), .int(100)] }
        let w = try expectCount(temperatureWeights, 3, "--temperature_weights", "<size> <access rate> <age>")
        return try w.map {
            guard let i = UnitParse.pyInt($0) else { throw DamoError("--temperature_weights takes integers ('\($0)' given)") }
            return PyNum.int(i)
        }
    }

    func choice<T: RawRepresentable>(_ text: String, _ option: String, _ names: [String]) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: text) else {
            throw DamoError("\(option) must be one of \(names.joined(separator: ", ")) ('\(text)' given)")
        }
        return v
    }

    func baseFormat(weights: [PyNum]) throws -> AccessReportFormat {
        var f = AccessReportFormat()
        f[.recordHead] = formatRecordHead
        f[.recordTail] = formatRecordTail
        f[.snapshotHead] = formatSnapshotHead
        f[.snapshotTail] = formatSnapshotTail
        f[.region] = formatRegion
        let attributes = RegionAttribute.allCases.map(\.rawValue)
        f.sortBy = try sortRegionsBy.map { try choice($0, "--sort_regions_by", attributes) }
        for key in sortRegionsDsc where key != "all" {
            let _: RegionAttribute = try choice(key, "--sort_regions_dsc", attributes + ["all"])
        }
        f.sortDescending = Set(sortRegionsDsc)
        f.temperatureWeights = weights
        f.histLogscale = histLogscale
        f.histCumulate = histCumulate
        f.histRanges = histRanges.isEmpty ? nil : histRanges
        f.percentilesRange = percentilesRange.isEmpty ? nil : percentilesRange
        if percentilesRange.count == 3 && percentilesRange[2] == 0 {
            throw DamoError("--percentiles_range: the step must not be zero")
        }
        guard snapshotHeatmapWidth > 0 else { throw DamoError("--snapshot_heatmap_width must be positive") }
        f.heatmapWidth = snapshotHeatmapWidth
        let colorsets = AsciiColorset.allCases.map(\.rawValue)
        f.heatmapColorset = try choice(snapshotHeatmapColorset, "--snapshot_heatmap_colorset", colorsets)
        f.heatmapStatic = snapshotHeatmapStatic
        let values = try expectCount(regionBoxValues, 3, "--region_box_values", "<length> <color> <height>")
        f.box.values = try values.map {
            $0 == "none" ? nil : try choice($0, "--region_box_values", ["size", "access_rate", "age", "none"]) as RegionAttribute
        }
        if f.box.values.contains(where: { $0 == .address || $0 == .temperature }) {
            throw DamoError("--region_box_values must be size, access_rate, age or none")
        }
        f.box.minMaxLength = try expectCount(regionBoxMinMaxLength, 2, "--region_box_min_max_length", "<min> <max>")
        f.box.minMaxHeight = try expectCount(regionBoxMinMaxHeight, 2, "--region_box_min_max_height", "<min> <max>")
        f.box.colorset = try choice(regionBoxColorset, "--region_box_colorset", colorsets)
        f.box.logscales = try expectCount(regionBoxScales, 3, "--region_box_scales", "<length> <color> <height>").map {
            guard $0 == "log" || $0 == "linear" else { throw DamoError("--region_box_scales must be linear or log ('\($0)' given)") }
            return $0 == "log"
        }
        guard regionBoxAlign == "left" || regionBoxAlign == "right" else {
            throw DamoError("--region_box_align must be left or right ('\(regionBoxAlign)' given)")
        }
        f.box.alignRight = regionBoxAlign == "right"
        for (keyword, number) in try pairs(minCharsFor, "--min_chars_for") {
            guard let n = Int(number) else { throw DamoError("--min_chars_for takes a keyword and a number ('\(number)' given)") }
            f.minChars.append((keyword, n))
        }
        f.rawNumber = rawNumber
        return f
    }

    /// The one-value `--format`: a format object as JSON (or YAML) text,
    /// or a file holding one; nil for the `set|append` triples.
    func givenObject() throws -> AccessFormatObject? {
        guard format.count == 1 else { return nil }
        do {
            let (text, isFile) = try DamonParamsText.text(of: format[0])
            let kv = try DamonParamsText.parse(text, name: isFile ? format[0] : "JSON", yaml: true)
            return try AccessFormatObject(kv: kv)
        } catch let e as KVError {
            throw DamoError("format setting failed (wrong --format option: \(e))")
        } catch let e as DamoError {
            throw DamoError("format setting failed (wrong --format option: \(e.description))")
        }
    }

    /// The `set|append` triples of --format (none for the one-value form).
    func formatEdits() throws -> [AccessFormatEdit] {
        if format.count <= 1 { return [] }
        guard format.count % 3 == 0 else {
            throw DamoError("--format takes three values each (<set|append> <area> <format string>), \(format.count) given in all")
        }
        return try stride(from: 0, to: format.count, by: 3).map { i in
            switch AccessFormatEdit.parse(Array(format[i..<i + 3])) {
            case .success(let e): return e
            case .failure(let e): throw DamoError("format setting failed (\(e.message))")
            }
        }
    }
}

/// `damo args accesses_format`: the format object the options resolve to
/// (styles, --total_sz_only and --format edits applied; templates left to
/// the defaults null, as those depend on the records), as JSON or YAML;
/// `report access --format THAT` gives the options' report.
public protocol ArgsAccessesFormatCommand {
    associatedtype Format: AccessFormatOptions
    var formatOptions: Format { get }
    var outputFormat: String { get }
    var raw: Bool { get }
}

extension ArgsAccessesFormatCommand {
    public func run(in env: DamoEnvironment) throws {
        let o = formatOptions
        if let notice = o.keywordsNotice { return try env.show(notice) }
        var object = try o.formatObject(weights: try o.parsedTemperatureWeights())
        guard let style = AccessStyle(rawValue: o.style) else {
            throw DamoError("--style must be one of \(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")) ('\(o.style)' given)")
        }
        object.format.resolveWithoutRecords(style: style, edits: try o.formatEdits(), totalSizeOnly: o.totalSzOnly,
                                            regionBox: o.regionBox)
        let kv = object.toKV()
        try env.show(outputFormat == "yaml" ? try KVYAML.text(kv) : KVJSON.text(kv))
    }
}
