import DamonModel
import DamonRecords
import DamoReports

/// Reports of record files that read one snapshot at a time, so that
/// records of any length fit in memory.
extension DamoEnvironment {
    /// The raw form of record files.  A record's lines begin with its
    /// `data_source`, which damo writes after the snapshots: one pass
    /// reads the files and spills the filtered snapshots (RecordSpill),
    /// and the report is printed from the spill, whose headers are whole
    /// by then.  Every error of the files comes before any output.
    func showRawForm(paths: [String], filter: RecordFilter, rawNumber: Bool, ending: ReportEnding) throws {
        let spill = try RecordSpill(name: paths.joined(separator: ", "))
        try streamRecords(paths) { stream, header in
            try spill.add(header: header)
            var state = RecordFilter.SnapshotState()
            while var snapshot = try stream.nextSnapshot() {
                if filter.apply(&snapshot, intervals: header.intervals, state: &state) { try spill.add(snapshot) }
            }
            spill.complete(header: stream.record)
        }
        try spill.finish()
        let out = report(ending: ending)
        var streamer = RawFormReport.Streamer(rawNumber: rawNumber, sink: out)
        try spill.replay { header, snapshot in
            if let snapshot { streamer.add(snapshot) } else { streamer.beginRecord(header) }
        }
        streamer.finish()
        try out.finish()
    }

    /// Record files as `report access --json` prints them: the JSON
    /// record list, written as the snapshots are read.
    func showJSON(paths: [String], filter: RecordFilter, rawNumber: Bool, ending: ReportEnding) throws {
        let out = report(ending: ending)
        let w = JSONWriter(sink: out)
        let writer = RecordJSONWriter(raw: rawNumber)
        writer.begin(w)
        try streamRecords(paths) { stream, header in
            try writer.beginRecord(header, w)
            var state = RecordFilter.SnapshotState()
            while var snapshot = try stream.nextSnapshot() {
                if filter.apply(&snapshot, intervals: header.intervals, state: &state) { try writer.snapshot(snapshot, w) }
            }
            try writer.endRecord(stream.record, w)
        }
        try writer.end(w)
        try out.finish()
    }

    /// Record files read in passes by a report that needs more than one
    /// (bounds first, then drawing): the first pass reads the files and
    /// spills them (RecordSpill), which the later passes read instead; a
    /// first pass that fails leaves the files to read anew.
    func recordPasses(_ paths: [String]) -> RecordPass {
        var spill: RecordSpill? = nil
        return { body in
            if let spill, spill.complete { return try spill.replay(body) }
            let writing = try RecordSpill(name: paths.joined(separator: ", "))
            try streamRecords(paths) { stream, header in
                try writing.add(header: header)
                try body(header, nil)
                while let snapshot = try stream.nextSnapshot() {
                    try writing.add(snapshot)
                    try body(header, snapshot)
                }
            }
            try writing.finish()
            spill = writing
        }
    }

    /// A record file filtered and, given an interval, re-aggregated into
    /// another file, snapshot by snapshot (`adjust`, `convert_record_format`).
    func rewriteRecords(_ input: String, to output: String, format: RecordFormat, permission: Int?,
                        filter: RecordFilter?, aggregateIntervalUs: PyNum?, skip: Int) throws {
        let file = try RecordFileWriter(path: output, format: format, permission: permission)
        do {
            try streamRecords([input]) { stream, original in
                var header = original
                var adjuster = aggregateIntervalUs.map { RecordAdjust.Adjuster(aggregateIntervalUs: $0, skip: skip) }
                if let aggregateIntervalUs, header.intervals != nil { header.intervals!.aggr = aggregateIntervalUs }
                try file.beginRecord(header)
                var state = RecordFilter.SnapshotState()
                while var snapshot = try stream.nextSnapshot() {
                    if let filter, !filter.apply(&snapshot, intervals: original.intervals, state: &state) { continue }
                    if adjuster != nil {
                        guard let s = adjuster!.add(snapshot) else { continue }
                        snapshot = s
                    }
                    try file.add(snapshot)
                }
                var whole = stream.record
                whole.intervals = header.intervals
                try file.endRecord(whole)
            }
            try file.finish()
        } catch {
            file.abandon()
            throw error
        }
    }
}
