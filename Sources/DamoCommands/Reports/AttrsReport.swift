import DamonKernel
import DamonModel
import DamonRecords
import DamoReports

/// `report attrs`: data attributes (probe hits) of records, or of the
/// running DAMON, in damo's formats.
public protocol ReportAttrsCommand: SnapshotFormatOptions {
    associatedtype Filters: RecordFilterOptions
    associatedtype Interface: InterfaceOptions
    var input: [String] { get }
    var style: String { get }
    var percentilesRange: [Int] { get }
    var sortRegionsBy: [String] { get }
    var temperatureWeights: [String] { get }
    var adjustRegion: [String] { get }
    var dontMergeRegions: Bool { get }
    var rawForm: Bool { get }
    var exec: [String] { get }
    var repeatGiven: Bool { get }
    var repeatOperands: [String] { get }
    var filters: Filters { get }
    var interface: Interface { get }
}

extension ReportAttrsCommand {
    public func run(in env: DamoEnvironment) throws {
        if lsRecordKeywords || lsSnapshotKeywords || lsRegionKeywords {
            let kind = lsRecordKeywords ? "record" : lsSnapshotKeywords ? "snapshot" : "region"
            try env.show("use 'damo help access_format_options \(kind)_format_keywords' instead")
            return
        }
        // Every option is checked before any record is read.
        let source = try AttrsSource.parse(env.groupedValues(of: "--input") + env.groupedValues(of: "-i"))
        let weights = try parsedWeights()
        let filter = try filters.filter(temperatureWeights: weights)
        _ = try LiveSource.snapshotFilters(env)
        let repetition = try AccessRepetition.parse(given: repeatGiven, operands: repeatOperands, in: env)
        var format = try baseFormat(weights: weights)
        guard let style = AttrsStyle(rawValue: style) else {
            throw DamoError("--style must be one of \(AttrsStyle.allCases.map(\.rawValue).joined(separator: ", ")) ('\(self.style)' given)")
        }
        let edits = try AccessFormatEdits.parse(format: self.format)
        let adjustments = try AttrsAdjustment.parse(env.groupedValues(of: "--adjust_region"))
        let resolvedSource = try source.resolved(interface.control(in: env))
        try repetition.run(in: env) {
            var sets = try resolvedSource.load(filter, dontMerge: dontMergeRegions, in: env, interface: interface)
            if repetition.repeats && env.clock.stopSignal() != nil { return }
            if sets.allSatisfy({ $0.records.isEmpty }), case .files(let paths) = resolvedSource, !repetition.repeats {
                throw DamoError("No record in [\(paths.map { "'\($0)'" }.joined(separator: ", "))]")
            }
            try check(sets)
            for i in sets.indices { AccessReport.completeUnits(&sets[i].records) }
            try AttrsAdjustment.apply(adjustments, to: &sets)
            try show(sets, format: &format, style: style, edits: edits, repeating: repetition.repeats, in: env)
        }
    }

    func check(_ sets: [AttrsRecords]) throws {
        do { try AttrsReport.check(sets) } catch let e as ReportError { throw DamoError(e.message) }
    }

    func show(_ sets: [AttrsRecords], format: inout AttrsReportFormat, style: AttrsStyle, edits: [AccessFormatEdit],
              repeating: Bool, in env: DamoEnvironment) throws {
        let unpaged: ReportEnding? = repeating && env.output.terminalRows != nil ? .print : nil
        let records = sets.flatMap(\.records)
        if json {
            let out = env.report(ending: unpaged ?? AttrsReport.ending)
            try AttrsJSON.write(sets, raw: rawNumber, to: out)
            try out.finish()
            return
        }
        if rawForm {
            let out = env.report(ending: unpaged ?? AttrsReport.ending)
            AttrsReport.renderRaw(records, rawNumber: rawNumber, to: out)
            try out.finish()
            return
        }
        if !exec.isEmpty {
            try AccessExec.run(exec.joined(separator: " "), json: AttrsExecBridge.recordsJSON(sets),
                               script: AttrsExecBridge.script, in: env)
            return
        }
        var resolved = format
        resolved.resolve(style: style, edits: edits, totalSizeOnly: totalSzOnly, records: records)
        if histRanges.count % 2 != 0 && resolved.base.templates.values.contains(where: { $0.contains("histogram>") }) {
            throw DamoError("--hist_ranges takes pairs of values (<min> <max> ...) for a histogram, \(histRanges.count) given")
        }
        let out = env.report(ending: repeating ? .print : AttrsReport.ending)
        AttrsReport.render(sets, format: resolved, to: out)
        try out.finish()
    }

    func parsedWeights() throws -> [PyNum] {
        if temperatureWeights.isEmpty { return AttrsReportFormat.defaultWeights }
        let w = try expectCount(temperatureWeights, 3, "--temperature_weights", "<probe hits wsum> <age> <size>")
        return try w.map {
            guard let i = UnitParse.pyInt($0) else { throw DamoError("--temperature_weights takes integers ('\($0)' given)") }
            return PyNum.int(i)
        }
    }

    func baseFormat(weights: [PyNum]) throws -> AttrsReportFormat {
        var f = AttrsReportFormat()
        f.base.temperatureWeights = weights
        if !sortRegionsBy.isEmpty {
            switch AttrsReportFormat.sortPasses(sortRegionsBy) {
            case .success(let passes): f.sortBy = passes
            case .failure(let e): throw DamoError(e.message)
            }
        }
        f.base.histLogscale = histLogscale
        f.base.histCumulate = histCumulate
        f.base.histRanges = histRanges.isEmpty ? nil : histRanges
        f.base.percentilesRange = percentilesRange.isEmpty ? nil : percentilesRange
        if percentilesRange.count == 3 && percentilesRange[2] == 0 {
            throw DamoError("--percentiles_range: the step must not be zero")
        }
        guard snapshotHeatmapWidth > 0 else { throw DamoError("--snapshot_heatmap_width must be positive") }
        f.base.heatmapWidth = snapshotHeatmapWidth
        guard let colorset = AsciiColorset(rawValue: snapshotHeatmapColorset) else {
            throw DamoError("--snapshot_heatmap_colorset must be one of "
                            + "\(AsciiColorset.allCases.map(\.rawValue).joined(separator: ", ")) ('\(snapshotHeatmapColorset)' given)")
        }
        f.base.heatmapColorset = colorset
        f.base.heatmapStatic = snapshotHeatmapStatic
        for (keyword, number) in try pairs(minCharsFor, "--min_chars_for") {
            guard let n = Int(number) else { throw DamoError("--min_chars_for takes a keyword and a number ('\(number)' given)") }
            f.base.minChars.append((keyword, n))
        }
        f.base.rawNumber = rawNumber
        return f
    }
}

/// `--format` occurrences: three words each.
enum AccessFormatEdits {
    static func parse(format: [String]) throws -> [AccessFormatEdit] {
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
