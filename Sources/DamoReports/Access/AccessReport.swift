import DamonModel

/// `damo report access` (everything but `--raw_form`): each record's head,
/// each snapshot's head, its regions (sorted as asked), its tail, and the
/// record's tail, each from a template of keywords.
public enum AccessReport {
    public static let ending = ReportEnding.pagerIfNeeded

    /// Records without intervals cannot be shown (rates and ages need them).
    public static func check(_ records: [Record]) throws {
        if let r = records.first(where: { $0.intervals == nil }) {
            throw ReportError("\(r.filePrefix)some records lack the intervals information")
        }
    }

    /// Fills unset access units of every region from its record's intervals.
    public static func completeUnits(_ records: inout [Record]) {
        for i in records.indices {
            guard let intervals = records[i].intervals else { continue }
            let maxSamples = intervals.aggr / intervals.sample
            for s in records[i].snapshots.indices {
                for r in records[i].snapshots[s].regions.indices {
                    records[i].snapshots[s].regions[r].addUnsetUnits(intervals, maxSamples: maxSamples)
                }
            }
        }
    }

    /// Renders records whose units are complete (see `completeUnits`) with
    /// a resolved format.
    public static func render(_ records: [Record], format: AccessReportFormat, to sink: TextSink) {
        var out = LineJoiner(sink)
        let box = AccessRegionBox(spec: format.box, records: records)
        func emit(_ text: String?) { if let text { out.line(text) } }
        let totalOnly = format.totalSizeOnly
        // A record without snapshots (none recorded, or all filtered out)
        // has no times to show in its head; damo fails on it.
        for record in records where !record.snapshots.isEmpty {
            var context = AccessKeywords.Context(format: format, box: box, record: record)
            emit(AccessKeywords.expand(format[.recordHead] ?? "", AccessKeywords.record, context))
            for (sidx, snapshot) in record.snapshots.enumerated() {
                context.snapshot = snapshot
                context.region = nil
                emit(AccessKeywords.expand(format[.snapshotHead] ?? "", AccessKeywords.snapshot, context))
                let regionTemplate = format[.region] ?? ""
                if !regionTemplate.isEmpty {
                    for (idx, region) in AccessMetrics.sorted(snapshot.regions, format).enumerated() {
                        context.region = region
                        context.index = idx
                        emit(AccessKeywords.expand(regionTemplate, AccessKeywords.region, context))
                    }
                    context.region = nil
                }
                emit(AccessKeywords.expand(format[.snapshotTail] ?? "", AccessKeywords.snapshot, context))
                if sidx < record.snapshots.count - 1 && !totalOnly { out.line("") }
            }
            context.snapshot = nil
            emit(AccessKeywords.expand(format[.recordTail] ?? "", AccessKeywords.record, context))
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
