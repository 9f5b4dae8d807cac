import DamonModel

/// What `report access` must know of all the records before it prints
/// their first line: the records' headers (including the fields damo
/// writes after the snapshots), how many snapshots each keeps and the
/// times they span (record heads, relative snapshot times, the style's
/// choice of lines), whether the first snapshot has probe hits, and the
/// ranges of region boxes.  Taken in a first pass over the snapshots
/// (their units complete, see `AccessReport.completeUnits`), it holds one
/// entry per record, so that a second pass can print snapshot by snapshot.
public struct AccessReportSummary: Sendable {
    public struct RecordSummary: Sendable {
        /// The record without its snapshots.
        public var header: Record
        /// Snapshots reported (those the filters kept).
        public var snapshots = 0
        /// The first snapshot's start and the last one's end.
        public var startTime = PyNum.int(0), endTime = PyNum.int(0)
    }

    public private(set) var records: [RecordSummary] = []
    /// damo looks at the first snapshot of the first record only.
    public private(set) var firstSnapshotHasProbes = false
    var boxRanges = AccessRegionBox.Ranges()
    /// Whether `boxRanges` are taken: three comparisons of every region,
    /// wasted unless the format draws region boxes
    /// (`AccessReportFormat.drawsRegionBoxes`).
    let notesBoxes: Bool

    public init(notingBoxes: Bool = true) {
        notesBoxes = notingBoxes
    }

    /// The summary of records in memory.
    public init(_ records: [Record]) {
        notesBoxes = true
        for record in records {
            beginRecord(record)
            for snapshot in record.snapshots { add(snapshot) }
        }
    }

    /// Starts the next record (its snapshots, if any, are ignored).
    public mutating func beginRecord(_ header: Record) {
        var header = header
        header.snapshots = []
        records.append(RecordSummary(header: header))
    }

    /// The current record once its snapshots are read: fields written
    /// after them (`data_source`) are known then.
    public mutating func endRecord(_ header: Record) {
        guard !records.isEmpty else { return }
        var header = header
        header.snapshots = []
        records[records.count - 1].header = header
    }

    /// A snapshot of the current record, as it will be reported.
    public mutating func add(_ snapshot: Snapshot) {
        guard !records.isEmpty else { return }
        let i = records.count - 1
        if records[i].snapshots == 0 {
            records[i].startTime = snapshot.startTime
            if i == 0 { firstSnapshotHasProbes = snapshot.regions.contains { !$0.probeHits.isEmpty } }
        }
        records[i].snapshots += 1
        records[i].endTime = snapshot.endTime
        if notesBoxes {
            for region in snapshot.regions { boxRanges.note(region) }
        }
    }

    /// Whether any record has more than one snapshot.
    var anyRecordHasManySnapshots: Bool { records.contains { $0.snapshots > 1 } }

    var headers: LazyMapSequence<[RecordSummary], Record> { records.lazy.map(\.header) }
}
