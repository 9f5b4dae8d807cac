import DamonModel
import DamonRecords
import DamoReports

/// Reports of record files that read one snapshot at a time, so that
/// records of any length fit in memory.
extension DamoEnvironment {
    /// The raw form of record files: a first pass for the records' headers
    /// (damo writes `data_source`, printed first, after the snapshots)
    /// that only matches the snapshots' brackets, then the snapshots,
    /// filtered, one at a time.
    func showRawForm(paths: [String], filter: RecordFilter, rawNumber: Bool, ending: ReportEnding) throws {
        var headers: [[Record]] = []
        for path in paths {
            let h = try RecordStream.headers(path: path, perfScript: perfScript(), checked: false)
            if !h.contains(where: { $0.snapshots > 0 }) { throw noSnapshot(path) }
            headers.append(h.map { $0.0 })
        }
        let out = report(ending: ending)
        var streamer = RawFormReport.Streamer(rawNumber: rawNumber, sink: out)
        for (path, fileHeaders) in zip(paths, headers) {
            var stream = try RecordStream(path: path, perfScript: perfScript())
            while let header = try stream.nextRecord() {
                guard stream.recordCount <= fileHeaders.count else {
                    throw RecordFileError(path, "changed while it was read")
                }
                streamer.beginRecord(fileHeaders[stream.recordCount - 1])
                var state = RecordFilter.SnapshotState()
                while var snapshot = try stream.nextSnapshot() {
                    if filter.apply(&snapshot, intervals: header.intervals, state: &state) { streamer.add(snapshot) }
                }
            }
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
