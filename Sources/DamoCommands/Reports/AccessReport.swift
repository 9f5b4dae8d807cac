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
    associatedtype Format: AccessFormatOptions
    /// The options that shape the text (AccessFormatOptions).
    var formatOptions: Format { get }
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
        try run(in: env, streamed: true)
    }

    /// `streamed: false` reads record files whole, as sources of one
    /// snapshot are (tests compare the two).
    func run(in env: DamoEnvironment, streamed: Bool) throws {
        let o = formatOptions
        if let notice = o.keywordsNotice { return try env.show(notice) }
        // Check every option before reading the records.
        let repetition = try AccessRepetition.parse(given: repeatGiven, operands: repeatOperands, in: env)
        let weights = try o.parsedTemperatureWeights()
        let filter = try filters.filter(temperatureWeights: weights)
        _ = try LiveSource.snapshotFilters(env)
        let object = try o.formatObject(weights: weights)
        let format = object.format
        guard let style = AccessStyle(rawValue: o.style) else {
            throw DamoError("--style must be one of \(AccessStyle.allCases.map(\.rawValue).joined(separator: ", ")) ('\(o.style)' given)")
        }
        let edits = try o.formatEdits()
        let cache = try AccessOnCache.parse(onCache)
        // Decided once: a repetition keeps to it even if DAMON stops.
        let source = try source(in: env)
        try repetition.run(in: env) {
            // Streamed: records of any length (the raw form and JSON
            // translated by --on_cache excepted).
            if streamed, case .files(let paths) = source, exec.isEmpty, cache == nil || !(o.rawForm || object.json) {
                let unpaged: ReportEnding? = repetition.repeats && env.output.terminalRows != nil ? .print : nil
                if o.rawForm {
                    try env.showRawForm(paths: paths, filter: filter, rawNumber: format.rawNumber,
                                        ending: unpaged ?? RawFormReport.ending)
                } else if object.json {
                    try env.showJSON(paths: paths, filter: filter, rawNumber: format.rawNumber, ending: unpaged ?? AccessReport.ending)
                } else {
                    try showText(paths: paths, filter: filter, cache: cache, format: format, style: style, edits: edits,
                                 repeating: repetition.repeats, in: env)
                }
                return
            }
            var records = try records(filter, from: source, merge: !object.dontMergeRegions, in: env)
            // (--exec sees the records as they are, as in damo.)
            if exec.isEmpty { records = try AccessOnCache.translate(records, on: cache) }
            // A stop while the snapshot was taken ends without a report.
            if repetition.repeats && env.clock.stopSignal() != nil { return }
            try show(records, format: format, style: style, edits: edits, json: object.json, repeating: repetition.repeats, in: env)
        }
    }

    /// One report of the records, in the form the options ask for.  A
    /// repeated report never goes to the pager: damo prints the report
    /// itself; the raw form and JSON, which damo would page, keep damo's
    /// bytes where no pager could start (standard output not a terminal).
    func show(_ records: [Record], format: AccessReportFormat, style: AccessStyle, edits: [AccessFormatEdit],
              json: Bool, repeating: Bool, in env: DamoEnvironment) throws {
        let unpaged: ReportEnding? = repeating && env.output.terminalRows != nil ? .print : nil
        if formatOptions.rawForm {
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
        var records = records
        AccessReport.completeUnits(&records)
        let summary = AccessReportSummary(records)
        let format = try resolved(format, style: style, edits: edits, summary: summary)
        let out = env.report(ending: repeating ? .print : AccessReport.ending)
        AccessReport.render(records, summary: summary, format: format, to: out)
        try out.finish()
    }

    /// The text styles of record files: one pass reads them for the
    /// summary that resolving the format and record heads need, spilling
    /// the snapshots as they will be shown (RecordSpill); the text is then
    /// printed from the spill, a snapshot at a time.
    func showText(paths: [String], filter: RecordFilter, cache: CacheSpace?, format: AccessReportFormat,
                  style: AccessStyle, edits: [AccessFormatEdit], repeating: Bool, in env: DamoEnvironment) throws {
        var summary = AccessReportSummary(notingBoxes: format.drawsRegionBoxes(
            style: style, edits: edits, totalSizeOnly: formatOptions.totalSzOnly, regionBox: formatOptions.regionBox))
        let spill = try RecordSpill(name: paths.joined(separator: ", "))
        try env.streamReported(paths, filter: filter, cache: cache) { header in
            summary.beginRecord(header)
            try spill.add(header: header)
        } snapshot: { snapshot in
            summary.add(snapshot)
            try spill.add(snapshot)
        } end: { whole in
            summary.endRecord(whole)
            spill.complete(header: whole)
        }
        try spill.finish()
        // A stop while the files were read ends without a report.
        if repeating && env.clock.stopSignal() != nil { return }
        let format = try resolved(format, style: style, edits: edits, summary: summary)
        let out = env.report(ending: repeating ? .print : AccessReport.ending)
        var printer = AccessReport.Printer(format: format, summary: summary, to: out)
        var inRecord = false
        try spill.replay { _, snapshot in
            if let snapshot { return printer.add(snapshot) }
            if inRecord { printer.endRecord() }
            printer.beginRecord()
            inRecord = true
        }
        if inRecord { printer.endRecord() }
        try out.finish()
    }

    /// The format damo ends up with for records of this summary, checked.
    func resolved(_ format: AccessReportFormat, style: AccessStyle, edits: [AccessFormatEdit],
                  summary: AccessReportSummary) throws -> AccessReportFormat {
        do {
            try AccessReport.check(summary)
        } catch let e as ReportError {
            throw DamoError(e.message)
        }
        var format = format
        format.resolve(style: style, edits: edits, totalSizeOnly: formatOptions.totalSzOnly, regionBox: formatOptions.regionBox,
                       summary: summary)
        // damo takes any number of --hist_ranges values and reads them in
        // pairs only where a histogram is drawn (failing there on an odd one).
        if format.histRanges.map({ $0.count % 2 }) ?? 0 != 0 && format.templates.values.contains(where: { $0.contains("histogram>") }) {
            throw DamoError("--hist_ranges takes pairs of values (<min> <max> ...) for a histogram, \(format.histRanges?.count ?? 0) given")
        }
        return format
    }
}

extension DamoEnvironment {
    /// Record files' snapshots as `report access` shows them: filtered,
    /// in the cache's space if asked, units complete.  `end` gets each
    /// record's whole header (with the fields written after its snapshots).
    func streamReported(_ paths: [String], filter: RecordFilter, cache: CacheSpace?, begin: (Record) throws -> Void,
                        snapshot: (Snapshot) throws -> Void, end: (Record) throws -> Void) throws {
        try streamRecords(paths) { stream, header in
            try begin(header)
            var state = RecordFilter.SnapshotState()
            while var s = try stream.nextSnapshot() {
                guard filter.apply(&s, intervals: header.intervals, state: &state) else { continue }
                try AccessOnCache.translate(&s, intervals: header.intervals, on: cache)
                AccessReport.completeUnits(&s, intervals: header.intervals)
                try snapshot(s)
            }
            try end(stream.record)
        }
    }
}
