import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

@Suite("RecordFile round trips")
struct RecordFileRoundTripTests {
    @Test(arguments: RecordFormat.writable)
    func generatedRecordsReadBackEqual(_ format: RecordFormat) throws {
        let dir = TempDir()
        let path = dir.file("records")
        let records = sampleRecords()
        try RecordFile.write(records, path: path, format: format)
        let back = try RecordFile.read(path: path)
        expectSameRecords(records, back, format: format)
        // Once read, records are written the same way every time (the first
        // read, like damo's, turns memcg_path of non-memcg filters into "").
        let again = dir.file("again"), third = dir.file("third")
        try RecordFile.write(back, path: again, format: format)
        try RecordFile.write(try RecordFile.read(path: again), path: third, format: format)
        #expect(try readBytes(again) == readBytes(third))
    }

    /// A single-snapshot record survives trace text through the placeholder
    /// snapshot that damo appends and removes; its start is estimated from
    /// the snapshot's length.  The text is what python damo's
    /// write_perf_script() writes for the same record.
    @Test func singleSnapshotTraceKeepsItsLength() throws {
        let dir = TempDir()
        let path = dir.file("single")
        let record = Record(targetId: TargetID(3), snapshots: [
            Snapshot(startTime: .int(1_000_000_000), endTime: .int(1_100_000_000),
                     regions: [Region(start: 0, end: 4096, samples: 1, aggrIntervals: 2)]),
        ])
        try RecordFile.write([record], path: path, format: .perfScript)
        let text = String(decoding: try readBytes(path), as: UTF8.self)
        #expect(text == """
            kdamond.x xxxx xxxx 1.100000: damon:damon_aggregated: target_id=3 nr_regions=1 0-4096: 1 2
            kdamond.x xxxx xxxx 1.200000: damon:damon_aggregated: target_id=3 nr_regions=1 0-0: -1 -1

            """)
        let back = try RecordFile.read(path: path)
        #expect(back.count == 1)
        #expect(back[0].snapshots.count == 1)
        #expect(back[0].snapshots[0].startTime == .int(1_000_000_000))
        #expect(back[0].snapshots[0].startTime.isFloat)
        #expect(back[0].snapshots[0].endTime == .int(1_100_000_000))
    }

    @Test func memorySinkGetsTheFileBytes() throws {
        let dir = TempDir()
        for format in RecordFormat.writable {
            let sink = MemorySink()
            try RecordFile.write(sampleRecords(), to: sink, format: format, name: "mem")
            let path = dir.file(format.rawValue)
            try RecordFile.write(sampleRecords(), path: path, format: format)
            #expect(sink.bytes == (try readBytes(path)))
        }
    }

    @Test func perfDataIsNotWritable() throws {
        let dir = TempDir()
        let path = dir.file("perf.data")
        #expect(throws: RecordFileError.self) {
            try RecordFile.write(sampleRecords(), path: path, format: .perfData)
        }
        // Nothing is left behind, not even the temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func writeIsAtomicAndUsesPermission() throws {
        let dir = TempDir()
        let path = dir.file("records")
        try writeText("old", path)
        try RecordFile.write(sampleRecords(), path: path, format: .json, permission: 0o640)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["records"])
        #expect(try RecordFile.read(path: path).count == 2)
        #expect(throws: RecordFileError.self) {
            try RecordFile.write(sampleRecords(), path: dir.file("no/such/dir/x"), format: .json)
        }
    }

    /// The name never decides the format: each format is read under the
    /// names of the others.
    @Test func formatIsToldByContentNotName() throws {
        let dir = TempDir()
        let names = ["damon.data", "x.json", "x.json_compressed", "perf.data", "perf.data.script", "noext"]
        for format in RecordFormat.writable {
            for name in names {
                let path = dir.file(name)
                try RecordFile.write(sampleRecords(), path: path, format: format)
                let prefix = Array(try readBytes(path).prefix(512))
                #expect(RecordFile.detect(prefix: prefix) == format, "\(format) as \(name)")
                expectSameRecords(sampleRecords(), try RecordFile.read(path: path), format: format)
            }
        }
    }

    @Test func detection() {
        func detect(_ s: String) -> RecordFormat? { RecordFile.detect(prefix: Array(s.utf8)) }
        #expect(detect("[") == .json)
        #expect(detect(" \n\t{") == .json)
        #expect(detect("PERFILE2....") == .perfData)
        #expect(detect("2ELIFREP....") == .perfData)
        #expect(detect("  kdamond.0 1 [000] 1.0: damon:damon_aggregated:") == .perfScript)
        #expect(detect("") == nil)
        #expect(detect("   \n") == nil)
        #expect(RecordFile.detect(prefix: [0x78, 0x9c, 0x01]) == .jsonCompressed)
        #expect(RecordFile.detect(prefix: [0x78, 0x01]) == .jsonCompressed)
        #expect(RecordFile.detect(prefix: [0x78, 0xda]) == .jsonCompressed)
        #expect(RecordFile.detect(prefix: [0x00, 0x01, 0x02]) == nil)
        #expect(RecordFile.detect(prefix: [0x41, 0x00]) == nil)
        // Trace text is UTF-8: a damaged '[' is not an empty trace.
        #expect(RecordFile.detect(prefix: [0xdb, 0x0a, 0x20, 0x20, 0x7b]) == nil)
        #expect(detect("comm-é 1 [000] 1.0: x") == .perfScript)
        // A character cut by the end of the 512-byte prefix.
        #expect(RecordFile.detect(prefix: Array("ab é".utf8.dropLast())) == .perfScript)
        #expect(RecordFile.detect(prefix: Array("ab 😀".utf8.dropLast(3))) == .perfScript)
        #expect(looksLikeZlibHeader(0x78, 0x9c))
        #expect(!looksLikeZlibHeader(0x78, 0x9d))
        #expect(!looksLikeZlibHeader(0x5b, 0x0a))
    }

    /// json.dumps(indent=4) of damo 3.4.3 gives exactly these bytes for the
    /// same record (printed by python damo's DamonRecord.to_kvpairs).
    @Test func jsonLayoutMatchesPythonDamo() throws {
        var record = Record(intervals: Intervals(), targetId: TargetID(42),
                            schemeFilters: [DamosFilter(filterType: "anon", matching: true, allow: true)])
        var far = Region(start: 94_827_419_009_024, end: 94_827_423_150_080, samples: 5, aggrIntervals: nil,
                         szFilterPassed: 4096, probeHits: [1, 2])
        far.usec = .int(700_000)
        record.snapshots = [Snapshot(startTime: .int(1000), endTime: .int(2_500_000_000), regions: [
            Region(start: 4096, end: 8192, samples: 3, aggrIntervals: 2), far,
        ])]
        let sink = MemorySink()
        try RecordFile.write([record], to: sink, format: .json, name: "mem")
        #expect(String(decoding: sink.bytes, as: UTF8.self) == pythonSmallRecordJSON)
        let back = try readJSON(sink.bytes)
        expectSameRecords([record], back)
    }

    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"))
    func realInputsRewriteEqual() throws {
        let dir = TempDir()
        for name in ["damon.data", "perf.data.script", "damon.data.snapshot.active"] {
            let original = try RecordFile.read(path: TestPaths.input(name))
            #expect(!original.isEmpty)
            for format in RecordFormat.writable {
                let path = dir.file("\(name).\(format.rawValue)")
                try RecordFile.write(original, path: path, format: format)
                expectSameRecords(original, try RecordFile.read(path: path), format: format)
            }
        }
    }
}

func readJSON(_ bytes: [UInt8]) throws -> [Record] {
    var stream = try RecordStream(bytes: bytes, name: "mem")
    return try stream.readAll()
}
