import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

#if canImport(Glibc)
import Glibc
#endif

private let hostileIntervals = #""intervals": {"sample_us": 5000, "aggr_us": 100000, "ops_update_us": 1000000}"#

/// A one-record, one-snapshot JSON file around the given pieces.
private func hostileRecord(regions: String, snapshot: String, head: String) -> String {
    #"[{\#(head), "target_id": 1, "snapshots": [{\#(snapshot), "regions": [\#(regions)]}]}]"#
}

private func hostileRegion(_ start: String, _ end: String, samples: String = "1", age: String = "2",
                           extra: String = "") -> String {
    #"{"start": \#(start), "end": \#(end), "nr_accesses": {"samples": \#(samples), "percent": null}, "#
        + #""age": {"usec": null, "aggr_intervals": \#(age)}\#(extra)}"#
}

/// Records holding values no kernel writes (mutated by hand or by a
/// fuzzer): each is refused where it is read, with one line naming the
/// file and the place, so that reports never meet them.
@Suite("Hostile records")
struct HostileRecordTests {
    static let iv = hostileIntervals

    static func record(regions: String, snapshot: String = #""start_time": 0, "end_time": 100"#,
                       head: String = iv) -> String {
        hostileRecord(regions: regions, snapshot: snapshot, head: head)
    }

    static func region(_ start: String, _ end: String, samples: String = "1", age: String = "2",
                       extra: String = "") -> String {
        hostileRegion(start, end, samples: samples, age: age, extra: extra)
    }

    /// (what, file text, words the error must contain)
    static let refused: [(String, String, String)] = [
        ("end of Int.min", record(regions: region("4096", "-9223372036854775808")), "region 0: 'end' -9223372036854775808 is below 'start' 4096"),
        ("end below start", record(regions: region("8192", "4096")), "is below 'start'"),
        ("negative start", record(regions: region("-4096", "4096")), "'start' -4096 is negative"),
        ("address above Int.max", record(regions: region("0", "\"18446744073709551615\"")), "'end' 18446744073709551615 is out of range"),
        ("address as a huge float", record(regions: region("0", "1e300")), "'end' 1e+300 is out of range"),
        ("overlapping huge regions",
         record(regions: region("0", "9223372036854775807") + ", " + region("0", "9223372036854775807")),
         "sizes add up beyond"),
        ("negative nr_accesses", record(regions: region("0", "4096", samples: "-5")), "'nr_accesses' -5 is out of DAMON's range"),
        ("nr_accesses beyond 32 bits", record(regions: region("0", "4096", samples: "4294967296")), "out of DAMON's range"),
        ("age beyond 32 bits", record(regions: region("0", "4096", age: "9223372036854775807")), "'age'"),
        ("negative filter-passed size", record(regions: region("0", "4096", extra: #", "sz_filter_passed": -1"#)), "'sz_filter_passed' -1 is negative"),
        ("huge percent",
         record(regions: #"{"start": 0, "end": 4096, "nr_accesses": {"samples": null, "percent": 1e300}, "age": null}"#),
         "access rate 1e+300% is out of range"),
        ("percent of NaN",
         record(regions: #"{"start": 0, "end": 4096, "nr_accesses": {"samples": null, "percent": NaN}, "age": null}"#),
         "access rate nan% is out of range"),
        ("infinite age in us",
         record(regions: #"{"start": 0, "end": 4096, "nr_accesses": null, "age": {"usec": Infinity, "aggr_intervals": null}}"#),
         "age inf us is out of range"),
        ("snapshot ending before it starts", record(regions: "", snapshot: #""start_time": 300, "end_time": 100"#), "'end_time' 100 is before 'start_time' 300"),
        ("negative time", record(regions: "", snapshot: #""start_time": -1, "end_time": 100"#), "'start_time' -1 is out of range"),
        ("infinite time", record(regions: "", snapshot: #""start_time": 0, "end_time": "1e400""#), "'end_time'"),
        ("zero sampling interval of a snapshot",
         record(regions: "", snapshot: #""start_time": 0, "end_time": 100, "sample_interval_us": 0"#),
         "'sample_interval_us' 0 must be above 0"),
        ("negative total", record(regions: "", snapshot: #""start_time": 0, "end_time": 100, "total_bytes": -1"#), "'total_bytes' -1 is negative"),
        ("aggregation interval of 0",
         record(regions: "", head: #""intervals": {"sample_us": 5000, "aggr_us": 0, "ops_update_us": 0}"#),
         "record 0, intervals: 'aggr_us' 0 must be above 0"),
        ("sampling interval of 0",
         record(regions: "", head: #""intervals": {"sample_us": 0, "aggr_us": 100, "ops_update_us": 0}"#),
         "'sample_us' 0 must be above 0"),
        ("infinite interval",
         record(regions: "", head: #""intervals": {"sample_us": 5000, "aggr_us": Infinity, "ops_update_us": 0}"#),
         "'aggr_us' inf"),
        ("interval beyond the clock",
         record(regions: "", head: #""intervals": {"sample_us": 1, "aggr_us": 9223372036854775807, "ops_update_us": 0}"#),
         "'aggr_us' 9223372036854775807"),
        ("negative kdamond index", record(regions: "", head: iv + #", "kdamond_idx": -2"#), "'kdamond_idx' -2 is out of range"),
        ("kdamond index above Int.max", record(regions: "", head: iv + #", "context_idx": 9223372036854775808"#), "'context_idx'"),
    ]

    @Test(arguments: refused)
    func refusedWhereRead(_ what: String, _ text: String, _ words: String) throws {
        let dir = TempDir()
        let path = dir.file("rec")
        try writeText(text, path)
        let message = expectRecordFileError(path, what)
        #expect(message?.contains(words) == true, "\(what): \(message ?? "no error")")
        // The same through zlib, the format damo writes.
        let sink = MemorySink()
        let deflate = try DeflateSink(base: sink, name: "mem")
        try deflate.write(Array(text.utf8))
        try deflate.finish()
        try writeBytes(sink.bytes, path)
        #expect(expectRecordFileError(path, what + " (compressed)")?.contains(words) == true)
    }

    /// The fast path for damo-shaped regions must not let through what the
    /// general reader refuses: a large snapshot of fast-path regions with
    /// one bad region in the middle.
    @Test func fastPathRegionsAreChecked() throws {
        let dir = TempDir()
        let path = dir.file("rec")
        for bad in [hostileRegion("8192", "4096"), hostileRegion("0", "4096", samples: "4294967296"),
                    hostileRegion("0", "4096", age: "4294967296"),
                    #"{"start": 0, "end": 4096, "nr_accesses": {"samples": 1, "percent": 429496729501}, "age": {"usec": 0, "aggr_intervals": 0}}"#] {
            var regions: [String] = []
            for i in 0..<200 { regions.append(hostileRegion(String(i * 4096), String(i * 4096 + 4096))) }
            regions[100] = bad
            try writeText(Self.record(regions: regions.joined(separator: ",\n")), path)
            #expect(expectRecordFileError(path)?.contains("region 100") == true)
        }
    }

    /// Values at DAMON's limits are still records.
    @Test func extremesWithinLimitsAreRead() throws {
        let dir = TempDir()
        let path = dir.file("rec")
        let half = "4611686018427387904"
        try writeText(Self.record(
            regions: hostileRegion("0", half, samples: "4294967295", age: "4294967295",
                            extra: #", "sz_filter_passed": 9223372036854775807"#)
                + ", " + hostileRegion(half, "9223372036854775807", samples: "0", age: "0"),
            snapshot: #""start_time": 0, "end_time": 9223372036854775807"#), path)
        let records = try RecordFile.read(path: path)
        #expect(records[0].snapshots[0].regions[1].end == Int.max)
        #expect(records[0].snapshots[0].totalBytes == Int.max)
        #expect(records[0].file == path)
    }

    @Test func byteOrderMarkBeforeJSON() throws {
        let dir = TempDir()
        let path = dir.file("rec")
        try writeBytes([0xef, 0xbb, 0xbf] + Array(Self.record(regions: hostileRegion("0", "4096")).utf8), path)
        let records = try RecordFile.read(path: path)
        #expect(records.count == 1 && records[0].snapshots[0].regions.count == 1)
    }

    @Test func garbageLinesInTraceText() throws {
        let dir = TempDir()
        let path = dir.file("trace")
        let event = "  kdamond.0  4452 [000] 82820.952659: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096: 0 1"
        try writeText(event + "\nthis is no event\n" + event + "\n", path)
        #expect(expectRecordFileError(path) == "\(path): line 2: not a trace event line (perf script or trace-cmd report text)")
        // Other events, comments, blank and call chain lines are fine.
        try writeText("# header\n\n   bash 17 [001] 2.5: sched:sched_switch: prev_comm=bash\n\t    ffffffff8123abcd schedule+0x1d ([kernel])\n" + event + "\n", path)
        #expect(try RecordFile.read(path: path).count == 1)
        // Time stamps that are no time.
        for ts in ["inf", "nan", "1e300", "-5.0"] {
            try writeText(event.replacingOccurrences(of: "82820.952659", with: ts) + "\n", path)
            #expect(expectRecordFileError(path, ts) == "\(path): line 1: invalid timestamp in a DAMON trace event")
        }
        // Regions out of DAMON's range, and the single-snapshot placeholder
        // where it cannot be one.
        try writeText(event.replacingOccurrences(of: "0-4096: 0 1", with: "8192-4096: 0 1") + "\n", path)
        #expect(expectRecordFileError(path)?.contains("line 1: 'end' 4096 is below 'start' 8192") == true)
        try writeText(event.replacingOccurrences(of: "0-4096: 0 1", with: "0-18446744073709551615: 0 1") + "\n", path)
        #expect(expectRecordFileError(path)?.contains("line 1: invalid region") == true)
        let placeholder = event.replacingOccurrences(of: "0-4096: 0 1", with: "0-0: -1 -1")
        try writeText([placeholder, event.replacingOccurrences(of: "82820.952659", with: "82821.0")].joined(separator: "\n") + "\n", path)
        #expect(expectRecordFileError(path)?.contains("'nr_accesses' -1") == true)
    }

    /// A FIFO nobody writes to reads as empty instead of blocking in
    /// open(); device nodes are refused.
    @Test(.timeLimit(.minutes(1))) func nonRegularInputs() throws {
        let dir = TempDir()
        let fifo = dir.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(expectRecordFileError(fifo)?.hasSuffix("empty file (no records)") == true)
        #expect(expectRecordFileError("/dev/null") == "/dev/null: is a character device; only regular files and pipes are read")
        #expect(expectRecordFileError("/dev/zero")?.contains("character device") == true)
    }

    /// Intervals given for a trace (from the recording's parameters) are
    /// checked like a record's own.
    @Test func traceIntervalsAreChecked() throws {
        let dir = TempDir()
        let path = dir.file("trace")
        try writeText("kdamond.0 1 [000] 1.0: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096: 0 1\n", path)
        #expect(throws: RecordFileError.self) {
            try RecordFile.read(path: path, intervals: Intervals(sample: .int(0), aggr: .int(0)))
        }
    }
}

/// `report access --json` prints records as damo 3.4.3's objects: the
/// sampling interval of a snapshot in damo's human time (its raw form
/// stays in microseconds, see the README).
@Suite struct SampleIntervalJSONTests {
    @Test func humanAndRawForms() throws {
        let snapshot = Snapshot(startTime: .int(0), endTime: .int(100), regions: [], sampleIntervalUs: .int(5000))
        let odd = Snapshot(startTime: .int(100), endTime: .int(200), regions: [], sampleIntervalUs: .float(1500))
        let record = Record(intervals: Intervals(), targetId: TargetID(1), snapshots: [snapshot, odd])
        for (raw, expected) in [(false, ["\"5 ms\"", "\"1 ms 500 us\""]), (true, ["\"5000\"", "\"1500\""])] {
            let sink = MemorySink()
            try RecordJSONWriter(raw: raw).write([record], to: JSONWriter(sink: sink))
            let lines = String(decoding: sink.bytes, as: UTF8.self).split(separator: "\n").filter { $0.contains("sample_interval_us") }
            #expect(lines.map { String($0.split(separator: ": ").last!) } == expected)
        }
    }
}
