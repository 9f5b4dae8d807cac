import DamoTestSupport
import Testing
@testable import DamonModel
@testable import DamonRecords

/// `record`'s spool: snapshots arriving one record of one snapshot at a
/// time, interleaved between targets, give the same file as the whole
/// records written at once.
@Suite struct RecordSpoolTests {
    /// The sample records cut as `record` gets them: every snapshot a
    /// record of its own, the two targets' snapshots interleaved.
    func arrivals(_ records: [Record]) -> [Record] {
        var pieces: [[Record]] = records.map { r in
            r.snapshots.map { s in
                var piece = r
                piece.snapshots = [s]
                return piece
            }
        }
        var out: [Record] = []
        while pieces.contains(where: { !$0.isEmpty }) {
            for i in pieces.indices where !pieces[i].isEmpty { out.append(pieces[i].removeFirst()) }
        }
        return out
    }

    @Test(arguments: RecordFormat.writable)
    func spooledFileIsTheWholeRecordsFile(_ format: RecordFormat) throws {
        let dir = TempDir()
        // A third record of one snapshot: perf script gives it a placeholder.
        var records = sampleRecords()
        var single = Record(kdamondIdx: 0, contextIdx: 1, targetId: TargetID(9))
        single.snapshots = [records[1].snapshots[0]]
        records.append(single)
        let spool = try RecordSpool(format: format, name: dir.file("spooled"))
        for piece in arrivals(records) { try spool.append(piece) }
        #expect(spool.snapshotCount == 5)
        try spool.write(path: dir.file("spooled"))
        try RecordFile.write(records, path: dir.file("whole"), format: format)
        #expect(try readBytes(dir.file("spooled")) == readBytes(dir.file("whole")))
    }

    /// A record appended without snapshots (a scheme that tried nothing
    /// yet) is written as the whole-record writer writes it.
    @Test(arguments: RecordFormat.writable)
    func recordWithoutSnapshots(_ format: RecordFormat) throws {
        let dir = TempDir()
        var records = sampleRecords()
        records[1].snapshots = []
        let spool = try RecordSpool(format: format, name: dir.file("spooled"))
        for r in records { try spool.append(r) }
        try spool.write(path: dir.file("spooled"))
        try RecordFile.write(records, path: dir.file("whole"), format: format)
        #expect(try readBytes(dir.file("spooled")) == readBytes(dir.file("whole")))
    }

    @Test func perfDataIsRefused() {
        #expect(throws: RecordFileError.self) { try RecordSpool(format: .perfData, name: "out.data") }
    }

    /// The snapshots are on disk: a spool of many snapshots holds a
    /// deflated fragment, not the regions.
    @Test func snapshotsGoToTheSpillFile() throws {
        let dir = TempDir()
        let spool = try RecordSpool(format: .json, name: dir.file("out"))
        let record = sampleRecords()[0]
        for _ in 0..<200 { try spool.append(record) }
        #expect(spool.fragments.count == 1)
        // Nothing waits in the fragment's writer beyond one buffer.
        let fragment = spool.fragments[0]
        #expect(fragment.count == 600)
        #expect(fragment.spill.spill.size > 0)
        #expect(fragment.json!.out.count < 1 << 16)
    }

    /// `.vmas` written item by item is damo's `json.dump(list, indent=4)`,
    /// as the whole-list writer gives it; no item is `[]`.
    @Test func listSpoolIsTheWholeList() throws {
        let dir = TempDir()
        let snapshots = (0..<3).map { i in
            ProcVmasSnapshot(time: 1.5 + Double(i), processes: [
                ProcVmas(pid: 42, vmas: [Vma(start: 4096, end: 8192 * UInt64(i + 1), name: "/usr/bin/sleep")]),
                ProcVmas(pid: 43, vmas: []),
            ])
        }
        let spool = try JSONListSpool(name: dir.file("vmas"))
        for s in snapshots { try spool.append(SystemSnapshotsJSON.vmas(s)) }
        try spool.write(path: dir.file("vmas"), permission: 0o600)
        #expect(String(decoding: try readBytes(dir.file("vmas")), as: UTF8.self) == SystemSnapshotsJSON.vmas(snapshots))
        try JSONListSpool(name: dir.file("none")).write(path: dir.file("none"), permission: 0o600)
        #expect(try readBytes(dir.file("none")) == Array("[]".utf8))
    }
}
