import DamonModel

/// Records together with the DAMON parameters they were made under: one
/// record file and its `.kdamonds` file, or one live snapshot of the
/// running kdamonds.  The probes of a record are those of its context.
public struct AttrsRecords: Sendable {
    public var kdamonds: [Kdamond]
    public var records: [Record]
    /// Where the parameters came from, for messages.
    public var source: String

    public init(kdamonds: [Kdamond], records: [Record], source: String) {
        self.kdamonds = kdamonds
        self.records = records
        self.source = source
    }

    /// The DAMON context a record was made by, if the parameters have it.
    public func context(of record: Record) -> DamonContext? {
        guard kdamonds.indices.contains(record.kdamondIdx) else { return nil }
        let contexts = kdamonds[record.kdamondIdx].contexts
        return contexts.indices.contains(record.contextIdx) ? contexts[record.contextIdx] : nil
    }

    /// Probes of a record's context; checked (`AttrsReport.check`) to exist.
    func probes(of record: Record) -> [DamonProbe] { context(of: record)?.probes ?? [] }
}

/// `damo report attrs`: the data attributes (probe hits) of each region,
/// in templates like report access', with temperatures and idle times
/// from the probe hits weighted by their probes' weights.
public enum AttrsReport {
    public static let ending = ReportEnding.pagerIfNeeded

    /// Every record must have intervals and a context in its parameters
    /// with a probe for each of its regions' probe hits.
    public static func check(_ sets: [AttrsRecords]) throws {
        for set in sets {
            try AccessReport.check(set.records)
            for record in set.records {
                guard let ctx = set.context(of: record) else {
                    throw ReportError("\(set.source) has no DAMON context \(record.contextIdx) of kdamond "
                                      + "\(record.kdamondIdx), which made a record")
                }
                let hits = record.snapshots.lazy.flatMap(\.regions).map(\.probeHits.count).max() ?? 0
                if hits > ctx.probes.count {
                    throw ReportError("regions of kdamond \(record.kdamondIdx) context \(record.contextIdx) have "
                                      + "\(hits) probe hits but \(set.source) has \(ctx.probes.count) probes")
                }
            }
        }
    }

    /// Renders records whose units are complete (`AccessReport.completeUnits`)
    /// with a resolved format.
    public static func render(_ sets: [AttrsRecords], format: AttrsReportFormat, to sink: TextSink) {
        var out = LineJoiner(sink)
        func emit(_ text: String?) { if let text { out.line(text) } }
        let totalOnly = format.base.totalSizeOnly
        let box = AccessRegionBox(spec: format.base.box, records: [])
        for set in sets {
            // A record without snapshots has no times for its head.
            for record in set.records where !record.snapshots.isEmpty {
                var c = AttrsKeywords.Context(
                    base: AccessKeywords.Context(format: format.base, box: box, record: record),
                    format: format, probes: set.probes(of: record))
                emit(AttrsKeywords.expand(format[.recordHead] ?? "", AttrsKeywords.record, c))
                for (sidx, snapshot) in record.snapshots.enumerated() {
                    c.base.snapshot = snapshot
                    c.base.region = nil
                    emit(AttrsKeywords.expand(format[.snapshotHead] ?? "", AttrsKeywords.snapshot, c))
                    let template = format[.region] ?? ""
                    if !template.isEmpty {
                        for (idx, region) in AttrsMetrics.sorted(snapshot.regions, format, c.probeWeights).enumerated() {
                            c.base.region = region
                            c.base.index = idx
                            emit(AttrsKeywords.expand(template, AttrsKeywords.region, c))
                        }
                        c.base.region = nil
                    }
                    emit(AttrsKeywords.expand(format[.snapshotTail] ?? "", AttrsKeywords.snapshot, c))
                    if sidx < record.snapshots.count - 1 && !totalOnly { out.line("") }
                }
                c.base.snapshot = nil
                emit(AttrsKeywords.expand(format[.recordTail] ?? "", AttrsKeywords.record, c))
            }
        }
    }

    /// `--raw_form`: every region of every snapshot with its probe hits.
    public static func renderRaw(_ records: [Record], rawNumber raw: Bool, to sink: TextSink) {
        var out = LineJoiner(sink)
        for record in records {
            guard let first = record.snapshots.first else { continue }
            let base = first.startTime
            out.line("base_time_absolute: " + UnitFormat.timeNs(base, raw: raw))
            out.line("data source: \(record.dataSource)\n")
            for snapshot in record.snapshots {
                out.line("monitoring_start:    " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.startTime - base, raw: raw), 16))
                out.line("monitoring_end:      " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - base, raw: raw), 16))
                out.line("monitoring_duration: "
                         + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - snapshot.startTime, raw: raw), 16))
                out.line("target_id: " + (record.targetId?.description ?? "None"))
                out.line("nr_regions: \(snapshot.regions.count)")
                out.line("# start_addr     end_addr        length    age probe_hits")
                for r in snapshot.regions {
                    out.line(hex12(r.start) + "-" + hex12(r.end) + " (" + PyFormat.padLeft(UnitFormat.size(r.size, raw: raw), 12)
                             + ") " + PyFormat.padLeft(String(r.aggrIntervals ?? -1), 5) + " "
                             + r.probeHits.map(String.init).joined(separator: " "))
                }
                out.line("")
            }
        }
        out.line("")
    }

    static func hex12(_ v: Int) -> String {
        let digits = String(v, radix: 16)
        return digits.count < 12 ? String(repeating: "0", count: 12 - digits.count) + digits : digits
    }
}
