import DamonModel

/// `damo report access` (everything but `--raw_form`): each record's head,
/// each snapshot's head, its regions (sorted as asked), its tail, and the
/// record's tail, each from a template of keywords.
public enum AccessReport {
    public static let ending = ReportEnding.pagerIfNeeded

    /// Records without intervals cannot be shown (rates and ages need them).
    public static func check(_ records: [Record]) throws {
        try check(headers: records)
    }

    public static func check(_ summary: AccessReportSummary) throws {
        try check(headers: summary.headers)
    }

    static func check<S: Sequence<Record>>(headers: S) throws {
        if let r = headers.first(where: { $0.intervals == nil }) {
            throw ReportError("\(r.filePrefix)some records lack the intervals information")
        }
    }

    /// Fills unset access units of every region from its record's intervals.
    public static func completeUnits(_ records: inout [Record]) {
        for i in records.indices {
            for s in records[i].snapshots.indices {
                completeUnits(&records[i].snapshots[s], intervals: records[i].intervals)
            }
        }
    }

    /// The same for one snapshot of a record of these intervals.
    public static func completeUnits(_ snapshot: inout Snapshot, intervals: Intervals?) {
        guard let intervals else { return }
        let maxSamples = intervals.aggr / intervals.sample
        for r in snapshot.regions.indices {
            snapshot.regions[r].addUnsetUnits(intervals, maxSamples: maxSamples)
        }
    }

    /// Renders records whose units are complete (see `completeUnits`) with
    /// a resolved format.
    public static func render(_ records: [Record], format: AccessReportFormat, to sink: TextSink) {
        render(records, summary: AccessReportSummary(records), format: format, to: sink)
    }

    /// The same with the records' summary already taken.
    public static func render(_ records: [Record], summary: AccessReportSummary, format: AccessReportFormat,
                              to sink: TextSink) {
        var printer = Printer(format: format, summary: summary, to: sink)
        for record in records {
            printer.beginRecord()
            for snapshot in record.snapshots { printer.add(snapshot) }
            printer.endRecord()
        }
    }

    /// Prints records snapshot by snapshot, in the order and number the
    /// summary has them: what is printed before a record's snapshots
    /// (its head, times relative to its start, the format) comes from the
    /// summary.
    public struct Printer {
        let format: AccessReportFormat
        let summary: AccessReportSummary
        let box: AccessRegionBox
        let sink: TextSink
        /// Region lines are hundreds of millions in a long record: they
        /// are written as bytes (see AccessTemplate.write) and handed to
        /// the sink in large pieces, as are the lines around them.
        let batch = ByteBatch()
        var first = true
        /// Records begun so far.
        public private(set) var recordCount = 0
        var context: AccessKeywords.Context? = nil
        var snapshotCount = 0
        let regionTemplate: AccessTemplate
        /// Whether a region keyword of the template is written from the
        /// context's region (the others are written from the region).
        let regionNeedsContext: Bool
        let snapshotHead: AccessTemplate, snapshotTail: AccessTemplate

        public init(format: AccessReportFormat, summary: AccessReportSummary, to sink: TextSink) {
            self.format = format
            self.summary = summary
            box = AccessRegionBox(spec: format.box, ranges: summary.boxRanges)
            self.sink = sink
            regionTemplate = AccessTemplate(format[.region] ?? "", AccessKeywords.region, format: format,
                                            regionFields: true)
            regionNeedsContext = regionTemplate.steps.contains {
                if case .keyword = $0 { return true } else { return false }
            }
            snapshotHead = AccessTemplate(format[.snapshotHead] ?? "", AccessKeywords.snapshot, format: format)
            snapshotTail = AccessTemplate(format[.snapshotTail] ?? "", AccessKeywords.snapshot, format: format)
        }

        mutating func emit(_ text: String?) { if let text { put(text) } }

        /// A line, after a newline unless it is the report's first (as
        /// Python's '\n'.join).
        mutating func put(_ text: String) {
            if !first { batch.append(0x0a, sink) }
            first = false
            batch.append(text, sink)
        }

        /// Starts the summary's next record: its head.  A record without
        /// snapshots (none recorded, or all filtered out) has no times to
        /// show in its head and prints nothing; damo fails on it.
        public mutating func beginRecord() {
            let r = summary.records[recordCount]
            recordCount += 1
            snapshotCount = 0
            context = nil
            guard r.snapshots > 0 else { return }
            context = AccessKeywords.Context(format: format, box: box, record: r.header, startTime: r.startTime,
                                             endTime: r.endTime)
            emit(AccessKeywords.expand(format[.recordHead] ?? "", AccessKeywords.record, context!))
        }

        /// One snapshot of the current record, its units complete.
        public mutating func add(_ snapshot: Snapshot) {
            guard var c = context else { return }
            if snapshotCount > 0 && !format.totalSizeOnly { put("") }
            snapshotCount += 1
            c.snapshot = snapshot
            c.region = nil
            emit(snapshotHead.expand(c))
            if !regionTemplate.template.isEmpty {
                // (Regions borrowed, not copied: each copy counted references.)
                AccessMetrics.sorted(snapshot.regions, format).withUnsafeBufferPointer { regions in
                    for idx in regions.indices {
                        if regionNeedsContext { c.region = regions[idx] }
                        c.index = idx
                        if let texts = regionTemplate.stringTexts(c) {
                            if !first { batch.append(0x0a, sink) }
                            first = false
                            regionTemplate.write(c, regions[idx], texts: texts, to: batch, sink)
                        } else {
                            c.region = regions[idx]
                            emit(regionTemplate.expand(c))
                        }
                    }
                }
                c.region = nil
            }
            emit(snapshotTail.expand(c))
        }

        /// Ends the current record: its tail.
        public mutating func endRecord() {
            defer { batch.flush(to: sink) }
            guard let c = context else { return }
            emit(AccessKeywords.expand(format[.recordTail] ?? "", AccessKeywords.record, c))
            context = nil
        }
    }

    /// The keywords of one template area, as `damo help
    /// access_format_options` lists them.
    public static func keywordHelp(_ kind: String) -> String? {
        let table: [AccessKeywords.Keyword]
        switch kind {
        case "record": table = AccessKeywords.record
        case "snapshot": table = AccessKeywords.snapshot
        case "region": table = AccessKeywords.region
        default: return nil
        }
        return table.map { "\($0.name)\n\($0.help)" }.joined(separator: "\n\n")
    }
}
