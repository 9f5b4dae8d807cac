import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// RecordStream and RecordFileWriter: records in sequence, a snapshot at a
/// time, the same records and bytes as the whole-file reader and writer.
@Suite("Record streams")
struct RecordStreamTests {
    func bytes(_ records: [Record], _ format: RecordFormat) throws -> [UInt8] {
        let sink = MemorySink()
        try RecordFile.write(records, to: sink, format: format, name: "mem")
        return sink.bytes
    }

    @Test(arguments: RecordFormat.writable)
    func headersComeBeforeSnapshotsRecordAfterRecord(_ format: RecordFormat) throws {
        let records = sampleRecords()
        var stream = try RecordStream(bytes: try bytes(records, format), name: "mem")
        var seen: [Record] = []
        while let header = try stream.nextRecord() {
            #expect(header.snapshots.isEmpty)
            #expect(header.file == "mem")
            var r = stream.record
            while let s = try stream.nextSnapshot() { r.snapshots.append(s) }
            // Fields written after the snapshots are there at the record's end.
            r.dataSource = stream.record.dataSource
            seen.append(r)
        }
        #expect(try stream.nextRecord() == nil)
        #expect(stream.recordCount == 2)
        #expect(stream.snapshotCount == 4)
        expectSameRecords(records, seen, format: format)
        if format != .perfScript {
            #expect(seen.map(\.dataSource) == ["unknown", "damon_stat"])
            #expect(seen[1].kdamondIdx == 1 && seen[1].contextIdx == 2 && seen[1].schemeIdx == 3)
        }
    }

    @Test func unreadSnapshotsAreSkippedAndCounted() throws {
        let data = try bytes(sampleRecords(), .jsonCompressed)
        var stream = try RecordStream(bytes: data, name: "mem")
        _ = try stream.nextRecord()
        _ = try stream.nextSnapshot()
        #expect(try stream.skipSnapshots() == 2)
        // The next record comes whole, though the first was left part-read.
        let second = try #require(try stream.nextRecord())
        #expect(second.targetId == TargetID(7))
        #expect(try stream.nextSnapshot()?.regions.count == 1)
        let headers = try RecordStream.headers(path: try tempFile(data))
        #expect(headers.map(\.snapshots) == [3, 1])
        #expect(headers.map(\.0.dataSource) == ["unknown", "damon_stat"])
    }

    /// Removed with the test (one instance of the suite per test).
    let scratch = TemporaryDirectory("damo-stream")

    func tempFile(_ data: [UInt8]) throws -> String {
        let path = scratch.file("record-\(UUID().uuidString)")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(data)))
        return path
    }

    @Test func keysAfterAndBetweenSnapshotListsAreRead() throws {
        let text = """
            [{"snapshots": [{"start_time": 1, "end_time": 2, "regions": [{"start": 0, "end": 4096}]}],
              "target_id": 5,
              "snapshots": [{"start_time": 2, "end_time": 3, "regions": []}],
              "data_source": "x"}]
            """
        var stream = try RecordStream(bytes: Array(text.utf8), name: "mem")
        let header = try #require(try stream.nextRecord())
        #expect(header.targetId == nil)
        #expect(try stream.nextSnapshot()?.endTime == .int(2))
        #expect(try stream.nextSnapshot()?.endTime == .int(3))
        #expect(try stream.nextSnapshot() == nil)
        #expect(stream.record.targetId == TargetID(5))
        #expect(stream.record.dataSource == "x")
    }

    @Test func errorsNameTheFileAndPlace() throws {
        let text = #"[{"snapshots": [{"start_time": 1, "end_time": 2, "regions": [{"start": 9, "end": 1}]}]}]"#
        var stream = try RecordStream(bytes: Array(text.utf8), name: "rec")
        _ = try stream.nextRecord()
        do {
            _ = try stream.nextSnapshot()
            Issue.record("a region ending before its start was read")
        } catch {
            #expect("\(error)".hasPrefix("rec: record 0, snapshot 0, region 0"), "\(error)")
        }
    }

    @Test(arguments: RecordFormat.writable)
    func streamedWritingMakesTheSameBytes(_ format: RecordFormat) throws {
        let records = sampleRecords()
        let dir = TemporaryDirectory("damo-stream-write")
        let path = dir.file("out")
        let writer = try RecordFileWriter(path: path, format: format)
        for r in records {
            try writer.beginRecord(r)
            for s in r.snapshots { try writer.add(s) }
            try writer.endRecord(r)
        }
        try writer.finish()
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(written) == (try bytes(records, format)))
    }

    @Test func abandonedWritingLeavesNoFile() throws {
        let dir = TemporaryDirectory("damo-stream-write")
        let path = dir.file("out")
        let writer = try RecordFileWriter(path: path, format: .jsonCompressed)
        try writer.beginRecord(sampleRecords()[0])
        writer.abandon()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func adjusterMatchesTheWholeRecordAdjustment() throws {
        var records = sampleRecords()
        let original = records[0].snapshots
        RecordAdjust.adjust(&records, aggregateIntervalUs: .int(150_000), skip: 1)
        var adjuster = RecordAdjust.Adjuster(aggregateIntervalUs: .int(150_000), skip: 1)
        let streamed = original.compactMap { adjuster.add($0) }
        #expect(streamed.map(\.regions) == records[0].snapshots.map(\.regions))
        #expect(streamed.map(\.endTime) == records[0].snapshots.map(\.endTime))
    }

    @Test func snapshotFiltersMatchTheWholeRecordFilter() throws {
        var records = sampleRecords()
        let filter = RecordFilter(addressRanges: [(.int(94_827_419_009_024), .int(94_827_425_000_000))],
                                  snapshotIndexRanges: [(.int(1), .int(2))])
        let header = records[0]
        var state = RecordFilter.SnapshotState()
        var streamed: [Snapshot] = []
        for var s in header.snapshots where filter.apply(&s, intervals: header.intervals, state: &state) {
            streamed.append(s)
        }
        filter.apply(&records)
        #expect(streamed.map(\.regions) == records[0].snapshots.map(\.regions))
    }
}
