import ArgumentParser
import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

struct ReportAccess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Show DAMON-monitored access pattern.",
        discussion: "More options for customized format are available.  Do 'damo help access_format_options -h' for those options.")

    @Option(name: [.customLong("input"), .customShort("i")], parsing: .upToNextOption, help: "record files to show")
    var input: [String] = []

    @Option(name: .customLong("input_file"), parsing: .upToNextOption, help: .hidden)
    var inputFile: [String] = []

    @Option(name: .customLong("style"), help: "output format selection among pre-configures ones (\(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")))")
    var style = "detailed"

    @Option(name: .customLong("percentiles_range"), parsing: .upToNextOption, help: "percentiles to show (arguments of range(), or the percentiles)")
    var percentilesRange: [Int] = []

    @Option(name: .customLong("sort_regions_by"), parsing: .upToNextOption, help: "fields to sort regions by (address, access_rate, age, size, temperature)")
    var sortRegionsBy: [String] = ["address"]

    @Option(name: .customLong("sort_regions_dsc"), parsing: .upToNextOption, help: "sort regions in descending order for the given keys (or all)")
    var sortRegionsDsc: [String] = []

    @Option(name: .customLong("temperature_weights"), parsing: .upToNextOption, help: "temperature weights for size, access frequency, and age of each region")
    var temperatureWeights: [String] = []

    @Flag(name: .customLong("hist_logscale"), help: "draw histograms in logscale")
    var histLogscale = false

    @Option(name: .customLong("hist_ranges"), parsing: .upToNextOption, help: "histogram range values")
    var histRanges: [String] = []

    @Flag(name: .customLong("hist_cumulate"), help: "draw histogram in cumulative way")
    var histCumulate = false

    @Option(name: .customLong("format"), parsing: .upToNextOption,
            help: ArgumentHelp("customize report content format", valueName: "set|append> <record_head|snapshot_head|region|snapshot_tail|record_tail> <format string"))
    var format: [String] = []

    @Option(name: .customLong("format_record_head"), help: .hidden) var formatRecordHead: String?
    @Option(name: .customLong("format_record_tail"), help: .hidden) var formatRecordTail: String?
    @Option(name: .customLong("format_snapshot_head"), help: .hidden) var formatSnapshotHead: String?
    @Option(name: .customLong("format_snapshot_tail"), help: .hidden) var formatSnapshotTail: String?
    @Option(name: .customLong("format_region"), help: .hidden) var formatRegion: String?

    @Option(name: .customLong("snapshot_heatmap_width"), help: "width of snapshot heatmap")
    var snapshotHeatmapWidth = 80
    @Option(name: .customLong("snapshot_heatmap_colorset"), help: "snapshot heatmap colorset (gray, flame, emotion)")
    var snapshotHeatmapColorset = "gray"
    @Flag(name: .customLong("snapshot_heatmap_static"), help: "draw snapshot heatmap as static")
    var snapshotHeatmapStatic = false

    @Flag(name: .customLong("region_box"), help: "show region access pattern as a box")
    var regionBox = false
    @Option(name: .customLong("region_box_values"), parsing: .upToNextOption, help: "values to show via the <box>'s length, color, and height (size, access_rate, age, none)")
    var regionBoxValues: [String] = ["age", "access_rate", "size"]
    @Option(name: .customLong("region_box_min_max_length"), parsing: .upToNextOption, help: "minimum and maximum number of the region box' length")
    var regionBoxMinMaxLength: [Int] = [1, 30]
    @Option(name: .customLong("region_box_min_max_height"), parsing: .upToNextOption, help: "minimum and maximum number of region box' height")
    var regionBoxMinMaxHeight: [Int] = [1, 5]
    @Option(name: .customLong("region_box_colorset"), help: "colorset to use for region box (gray, flame, emotion)")
    var regionBoxColorset = "gray"
    @Option(name: .customLong("region_box_scales"), parsing: .upToNextOption, help: "scale of region box' length, color, and height (linear, log)")
    var regionBoxScales: [String] = ["log", "linear", "log"]
    @Option(name: .customLong("region_box_align"), help: "where to align the region box (left, right)")
    var regionBoxAlign = "left"

    @Option(name: .customLong("min_chars_for"), parsing: .upToNextOption, help: "minimum character for each keyword of the format")
    var minCharsFor: [String] = []

    @Flag(name: .customLong("total_sz_only"), help: "print only total size of the regions for each snapshot")
    var totalSzOnly = false
    @Flag(name: .customLong("dont_merge_regions"), help: .hidden)
    var dontMergeRegions = false

    @Flag(name: .customLong("raw_number"), help: "use machine-friendly raw numbers")
    var rawNumber = false

    @Flag(name: .customLong("json"), help: "print in json format")
    var json = false

    @Flag(name: .customLong("raw_form"), help: "print every region of every snapshot, one line each")
    var rawForm = false

    @Flag(name: .customLong("ls_record_format_keywords"), help: .hidden) var lsRecordKeywords = false
    @Flag(name: .customLong("ls_snapshot_format_keywords"), help: .hidden) var lsSnapshotKeywords = false
    @Flag(name: .customLong("ls_region_format_keywords"), help: .hidden) var lsRegionKeywords = false

    @Option(name: .customLong("exec"), parsing: .upToNextOption,
            help: ArgumentHelp("execute python code with the records", valueName: "command or 'interpreter'"))
    var exec: [String] = []

    @Option(name: .customLong("snapshot_damos_filter"), parsing: .upToNextOption,
            help: ArgumentHelp("Region-internal DAMOS filters for the snapshot. Format is same to --damos_filter.",
                               valueName: "damos filter argument"))
    var snapshotDamosFilter: [String] = []

    @Option(name: .customLong("tried_regions_of"), parsing: .upToNextOption, help: .hidden)
    var triedRegionsOf: [Int] = []

    @OptionGroup var filters: RecordFilterOptions
    @OptionGroup var interface: InterfaceRootOption

    /// Where the records come from, as damo decides: --input files (or
    /// `tried_regions_of K C S`), else the running DAMON, else ./damon.data.
    enum Source {
        case files([String])
        case live
        case triedRegions([(Int, Int, Int)])
    }

    func source() throws -> Source {
        var tried: [(Int, Int, Int)] = []
        for group in groupedValues(of: "--input") + groupedValues(of: "-i") where group.first == "tried_regions_of" {
            guard group.count == 4, let k = Int(group[1]), let c = Int(group[2]), let s = Int(group[3]) else {
                throw CLIError("--input handling failed (tried_regions_of takes three indices: <kdamond> <context> <scheme>)")
            }
            tried.append((k, c, s))
        }
        if triedRegionsOf.count % 3 != 0 { throw CLIError("--tried_regions_of takes three indices each") }
        for i in stride(from: 0, to: triedRegionsOf.count, by: 3) {
            tried.append((triedRegionsOf[i], triedRegionsOf[i + 1], triedRegionsOf[i + 2]))
        }
        if !tried.isEmpty { return .triedRegions(tried) }
        if !input.isEmpty { return .files(input) }
        if !inputFile.isEmpty { return .files(inputFile) }
        if LiveSource.damonRunning(interface.control) { return .live }
        if !ProcFS.isRegularFile("damon.data") {
            throw CLIError("no --input given, DAMON is not running, and there is no damon.data here")
        }
        return .files(["damon.data"])
    }

    /// The records of the source, filtered.  The access pattern of a live
    /// snapshot is the scheme's, already applied by the kernel.
    func records(_ filter: RecordFilter) throws -> [Record] {
        var filter = filter
        var records: [Record]
        switch try source() {
        case .files(let paths):
            records = try loadRecords(paths)
        case .live:
            records = try LiveSource.records(interface.control, filter: filter,
                                             damosFilters: try LiveSource.snapshotFilters(),
                                             mergeRegions: !dontMergeRegions)
            filter.accessPattern = nil
        case .triedRegions(let list):
            records = try LiveSource.triedRegions(interface.control, of: list, mergeRegions: !dontMergeRegions)
        }
        filter.apply(&records)
        return records
    }

    func run() throws {
        if lsRecordKeywords || lsSnapshotKeywords || lsRegionKeywords {
            let kind = lsRecordKeywords ? "record" : lsSnapshotKeywords ? "snapshot" : "region"
            try ReportOutput.show("use 'damo help access_format_options \(kind)_format_keywords' instead")
            return
        }
        let weights = try parsedTemperatureWeights()
        let filter = try filters.filter(temperatureWeights: weights)
        _ = try LiveSource.snapshotFilters()
        if rawForm {
            try showRawForm(try records(filter), rawNumber: rawNumber)
            return
        }
        // Check every option before reading the records.
        var format = try baseFormat(weights: weights)
        guard let style = AccessStyle(rawValue: style) else {
            throw CLIError("--style must be one of \(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")) ('\(self.style)' given)")
        }
        let edits = try formatEdits()
        var records = try records(filter)
        if json {
            // The records as damo's objects print them (human numbers
            // unless --raw_number), through the pager like the reports.
            let out = ReportOutput(ending: AccessReport.ending)
            try RecordJSONWriter(raw: rawNumber).write(records, to: JSONWriter(sink: out))
            try out.finish()
            return
        }
        if !exec.isEmpty {
            try AccessExec.run(exec.joined(separator: " "), records: records)
            return
        }
        do {
            try AccessReport.check(records)
        } catch let e as ReportError {
            throw CLIError(e.message)
        }
        AccessReport.completeUnits(&records)
        format.resolve(style: style, edits: edits, totalSizeOnly: totalSzOnly, regionBox: regionBox, records: records)
        let out = ReportOutput(ending: AccessReport.ending)
        AccessReport.render(records, format: format, to: out)
        try out.finish()
    }

    func parsedTemperatureWeights() throws -> [PyNum] {
        if temperatureWeights.isEmpty { return [.int(0), .int(100), .int(100)] }
        let w = try expectCount(temperatureWeights, 3, "--temperature_weights", "<size> <access rate> <age>")
        return try w.map {
            guard let i = UnitParse.pyInt($0) else { throw CLIError("--temperature_weights takes integers ('\($0)' given)") }
            return PyNum.int(i)
        }
    }

    func choice<T: RawRepresentable>(_ text: String, _ option: String, _ names: [String]) throws -> T where T.RawValue == String {
        guard let v = T(rawValue: text) else {
            throw CLIError("\(option) must be one of \(names.joined(separator: ", ")) ('\(text)' given)")
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
        if !histRanges.isEmpty && histRanges.count % 2 != 0 {
            throw CLIError("--hist_ranges takes pairs of values, \(histRanges.count) given")
        }
        f.percentilesRange = percentilesRange.isEmpty ? nil : percentilesRange
        if percentilesRange.count == 3 && percentilesRange[2] == 0 {
            throw CLIError("--percentiles_range: the step must not be zero")
        }
        guard snapshotHeatmapWidth > 0 else { throw CLIError("--snapshot_heatmap_width must be positive") }
        f.heatmapWidth = snapshotHeatmapWidth
        let colorsets = AsciiColorset.allCases.map(\.rawValue)
        f.heatmapColorset = try choice(snapshotHeatmapColorset, "--snapshot_heatmap_colorset", colorsets)
        f.heatmapStatic = snapshotHeatmapStatic
        let values = try expectCount(regionBoxValues, 3, "--region_box_values", "<length> <color> <height>")
        f.box.values = try values.map {
            $0 == "none" ? nil : try choice($0, "--region_box_values", ["size", "access_rate", "age", "none"]) as RegionAttribute
        }
        if f.box.values.contains(where: { $0 == .address || $0 == .temperature }) {
            throw CLIError("--region_box_values must be size, access_rate, age or none")
        }
        f.box.minMaxLength = try expectCount(regionBoxMinMaxLength, 2, "--region_box_min_max_length", "<min> <max>")
        f.box.minMaxHeight = try expectCount(regionBoxMinMaxHeight, 2, "--region_box_min_max_height", "<min> <max>")
        f.box.colorset = try choice(regionBoxColorset, "--region_box_colorset", colorsets)
        f.box.logscales = try expectCount(regionBoxScales, 3, "--region_box_scales", "<length> <color> <height>").map {
            guard $0 == "log" || $0 == "linear" else { throw CLIError("--region_box_scales must be linear or log ('\($0)' given)") }
            return $0 == "log"
        }
        guard regionBoxAlign == "left" || regionBoxAlign == "right" else {
            throw CLIError("--region_box_align must be left or right ('\(regionBoxAlign)' given)")
        }
        f.box.alignRight = regionBoxAlign == "right"
        for (keyword, number) in try pairs(minCharsFor, "--min_chars_for") {
            guard let n = Int(number) else { throw CLIError("--min_chars_for takes a keyword and a number ('\(number)' given)") }
            f.minChars.append((keyword, n))
        }
        f.rawNumber = rawNumber
        return f
    }

    func formatEdits() throws -> [AccessFormatEdit] {
        if format.isEmpty { return [] }
        guard format.count % 3 == 0 else {
            throw CLIError("--format takes three values each (<set|append> <area> <format string>), \(format.count) given in all")
        }
        return try stride(from: 0, to: format.count, by: 3).map { i in
            switch AccessFormatEdit.parse(Array(format[i..<i + 3])) {
            case .success(let e): return e
            case .failure(let e): throw CLIError("format setting failed (\(e.message))")
            }
        }
    }
}
