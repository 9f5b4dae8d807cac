import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report access` (and `show`): the access pattern of records, or of the
/// running DAMON, in damo's formats.
public protocol ReportAccessCommand {
    associatedtype Filters: RecordFilterOptions
    associatedtype Interface: InterfaceOptions
    var input: [String] { get }
    var inputFile: [String] { get }
    var style: String { get }
    var percentilesRange: [Int] { get }
    var sortRegionsBy: [String] { get }
    var sortRegionsDsc: [String] { get }
    var temperatureWeights: [String] { get }
    var histLogscale: Bool { get }
    var histRanges: [String] { get }
    var histCumulate: Bool { get }
    var format: [String] { get }
    var formatRecordHead: String? { get }
    var formatRecordTail: String? { get }
    var formatSnapshotHead: String? { get }
    var formatSnapshotTail: String? { get }
    var formatRegion: String? { get }
    var snapshotHeatmapWidth: Int { get }
    var snapshotHeatmapColorset: String { get }
    var snapshotHeatmapStatic: Bool { get }
    var regionBox: Bool { get }
    var regionBoxValues: [String] { get }
    var regionBoxMinMaxLength: [Int] { get }
    var regionBoxMinMaxHeight: [Int] { get }
    var regionBoxColorset: String { get }
    var regionBoxScales: [String] { get }
    var regionBoxAlign: String { get }
    var minCharsFor: [String] { get }
    var totalSzOnly: Bool { get }
    var dontMergeRegions: Bool { get }
    var rawNumber: Bool { get }
    var json: Bool { get }
    var rawForm: Bool { get }
    var lsRecordKeywords: Bool { get }
    var lsSnapshotKeywords: Bool { get }
    var lsRegionKeywords: Bool { get }
    var exec: [String] { get }
    var triedRegionsOf: [Int] { get }
    var repeatGiven: Bool { get }
    /// Words the parser left over: `--repeat`'s values.
    var repeatOperands: [String] { get }
    var filters: Filters { get }
    var interface: Interface { get }
    /// `--on_cache`'s words (AccessOnCache).
    var onCache: [String] { get }
}

extension ReportAccessCommand {
    public var onCache: [String] { [] }
}

/// Where the records come from, as damo decides: --input files (or
/// `tried_regions_of K C S`), else the running DAMON, else ./damon.data.
enum AccessReportSource {
    case files([String])
    case live
    /// DAMON_STAT's summary, when no kdamond of ours runs (DamonStatSource).
    case damonStat
    case triedRegions([(Int, Int, Int)])
}


extension ReportAccessCommand {
    func source(in env: DamoEnvironment) throws -> AccessReportSource {
        var tried: [(Int, Int, Int)] = []
        for group in env.groupedValues(of: "--input") + env.groupedValues(of: "-i") where group.first == "tried_regions_of" {
            guard group.count == 4, let k = Int(group[1]), let c = Int(group[2]), let s = Int(group[3]) else {
                throw DamoError("--input handling failed (tried_regions_of takes three indices: <kdamond> <context> <scheme>)")
            }
            tried.append((k, c, s))
        }
        if triedRegionsOf.count % 3 != 0 { throw DamoError("--tried_regions_of takes three indices each") }
        for i in stride(from: 0, to: triedRegionsOf.count, by: 3) {
            tried.append((triedRegionsOf[i], triedRegionsOf[i + 1], triedRegionsOf[i + 2]))
        }
        if !tried.isEmpty { return .triedRegions(tried) }
        if !input.isEmpty { return .files(input) }
        if !inputFile.isEmpty { return .files(inputFile) }
        if LiveSource.damonRunning(interface.control(in: env)) { return .live }
        if !ProcFS.isRegularFile("damon.data") {
            if try DamonStatSource.usable(interface.control(in: env).fs, in: env) { return .damonStat }
            throw DamoError("no --input given, DAMON is not running, and there is no damon.data here")
        }
        return .files(["damon.data"])
    }

    /// The records of the source, filtered.  The access pattern of a live
    /// snapshot is the scheme's, already applied by the kernel.
    func records(_ filter: RecordFilter, from source: AccessReportSource, merge: Bool, in env: DamoEnvironment) throws -> [Record] {
        var filter = filter
        var records: [Record]
        switch source {
        case .files(let paths):
            records = try env.loadRecords(paths)
        case .live:
            records = try LiveSource.records(interface.control(in: env), filter: filter,
                                             damosFilters: try LiveSource.snapshotFilters(env),
                                             mergeRegions: merge)
            filter.accessPattern = nil
        case .damonStat:
            records = [try DamonStatSource.record(interface.control(in: env).fs, mergeRegions: merge, in: env)]
            filter.accessPattern = nil
        case .triedRegions(let list):
            records = try LiveSource.triedRegions(interface.control(in: env), of: list, mergeRegions: merge)
        }
        filter.apply(&records)
        return records
    }

    public func run(in env: DamoEnvironment) throws {
        if lsRecordKeywords || lsSnapshotKeywords || lsRegionKeywords {
            let kind = lsRecordKeywords ? "record" : lsSnapshotKeywords ? "snapshot" : "region"
            try env.show("use 'damo help access_format_options \(kind)_format_keywords' instead")
            return
        }
        // Check every option before reading the records.
        let repetition = try AccessRepetition.parse(given: repeatGiven, operands: repeatOperands, in: env)
        let weights = try parsedTemperatureWeights()
        let filter = try filters.filter(temperatureWeights: weights)
        _ = try LiveSource.snapshotFilters(env)
        // The one-value --format replaces every format option, as in damo.
        let object = try formatObject()
        let format = try object?.format ?? baseFormat(weights: weights)
        let json = self.json || object?.json == true
        guard let style = AccessStyle(rawValue: style) else {
            throw DamoError("--style must be one of \(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")) ('\(self.style)' given)")
        }
        let edits = object == nil ? try formatEdits() : []
        let cache = try AccessOnCache.parse(onCache)
        // Decided once: a repetition keeps to it even if DAMON stops.
        let source = try source(in: env)
        try repetition.run(in: env) {
            if case .files(let paths) = source, rawForm || json, cache == nil, exec.isEmpty {
                // Streamed: records of any length.
                let unpaged: ReportEnding? = repetition.repeats && env.output.terminalRows != nil ? .print : nil
                if rawForm {
                    try env.showRawForm(paths: paths, filter: filter, rawNumber: format.rawNumber,
                                        ending: unpaged ?? RawFormReport.ending)
                } else {
                    try env.showJSON(paths: paths, filter: filter, rawNumber: format.rawNumber, ending: unpaged ?? AccessReport.ending)
                }
                return
            }
            var records = try records(filter, from: source, merge: object?.dontMergeRegions != true && !dontMergeRegions, in: env)
            // (--exec sees the records as they are, as in damo.)
            if exec.isEmpty { records = try AccessOnCache.translate(records, on: cache) }
            // A stop while the snapshot was taken ends without a report.
            if repetition.repeats && env.clock.stopSignal() != nil { return }
            try show(records, format: format, style: style, edits: edits, json: json, repeating: repetition.repeats, in: env)
        }
    }

    /// One report of the records, in the form the options ask for.  A
    /// repeated report never goes to the pager: damo prints the report
    /// itself; the raw form and JSON, which damo would page, keep damo's
    /// bytes where no pager could start (standard output not a terminal).
    func show(_ records: [Record], format: AccessReportFormat, style: AccessStyle, edits: [AccessFormatEdit],
              json: Bool, repeating: Bool, in env: DamoEnvironment) throws {
        let unpaged: ReportEnding? = repeating && env.output.terminalRows != nil ? .print : nil
        if rawForm {
            try env.showRawForm(records, rawNumber: format.rawNumber, ending: unpaged ?? RawFormReport.ending)
            return
        }
        if json {
            // The records as damo's objects print them (human numbers
            // unless --raw_number), through the pager like the reports.
            let out = env.report(ending: unpaged ?? AccessReport.ending)
            try RecordJSONWriter(raw: format.rawNumber).write(records, to: JSONWriter(sink: out))
            try out.finish()
            return
        }
        if !exec.isEmpty {
            try AccessExec.run(exec.joined(separator: " "), records: records, in: env)
            return
        }
        do {
            try AccessReport.check(records)
        } catch let e as ReportError {
            throw DamoError(e.message)
        }
        var records = records
        var format = format
        AccessReport.completeUnits(&records)
        format.resolve(style: style, edits: edits, totalSizeOnly: totalSzOnly, regionBox: regionBox, records: records)
        // damo takes any number of --hist_ranges values and reads them in
        // pairs only where a histogram is drawn (failing there on an odd one).
        if histRanges.count % 2 != 0 && format.templates.values.contains(where: { $0.contains("histogram>") }) {
            throw DamoError("--hist_ranges takes pairs of values (<min> <max> ...) for a histogram, \(histRanges.count) given")
        }
        let out = env.report(ending: repeating ? .print : AccessReport.ending)
        AccessReport.render(records, format: format, to: out)
        try out.finish()
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
    func formatObject() throws -> AccessFormatObject? {
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

    func formatEdits() throws -> [AccessFormatEdit] {
        if format.isEmpty { return [] }
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
