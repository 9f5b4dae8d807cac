import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// A record whose JSON has `snapshot` in place of the snapshot list.
private func recordJSON(snapshots: String) -> String {
    #"[{"kdamond_idx": 0, "target_id": 1, "snapshots": \#(snapshots)}]"#
}

private func snapshotJSON(regions: String, extra: String = "") -> String {
    recordJSON(snapshots: #"[{"start_time": "0", "end_time": "100"\#(extra), "regions": \#(regions)}]"#)
}

private func regionJSON(_ fields: String) -> String {
    snapshotJSON(regions: "[{\(fields)}]")
}

/// (document, what the message must say) for well-formed JSON with wrong
/// content.
private let wrongContent: [(String, String)] = [
    (regionJSON(#""start": "abc", "end": "4096""#), "record 0, snapshot 0, region 0: 'start' has an invalid value 'abc'"),
    (regionJSON(#""start": 0, "end": true"#), "record 0, snapshot 0, region 0: 'end' is not a number or a string"),
    (regionJSON(#""start": 0, "end": [1]"#), "region 0: 'end' is not a number or a string"),
    (regionJSON(#""start": null, "end": 1"#), "region 0: 'start' is null"),
    (regionJSON(#""end": 1"#), "region 0: has no 'start'"),
    (regionJSON(#""start": 1"#), "region 0: has no 'end'"),
    (regionJSON(#""start": 0, "end": 1, "nr_accesses": 5"#), "region 0: 'nr_accesses' is not an object"),
    (regionJSON(#""start": 0, "end": 1, "age": "old""#), "region 0: 'age' is not an object"),
    (regionJSON(#""start": 0, "end": 1, "nr_accesses": {"samples": "many"}"#), "'samples' has an invalid value 'many'"),
    (regionJSON(#""start": 0, "end": 1, "age": {"usec": "1 fortnight"}"#), "'usec' has an invalid value '1 fortnight'"),
    (regionJSON(#""start": 0, "end": 1, "probe_hits": 3"#), "'probe_hits' is not a list"),
    (regionJSON(#""start": 0, "end": 1, "probe_hits": ["x"]"#), "'probe_hits' holds a non-number"),
    (snapshotJSON(regions: "5"), "record 0, snapshot 0: 'regions' is not a list"),
    (snapshotJSON(regions: "[5]"), "record 0, snapshot 0, region 0: is not an object"),
    (snapshotJSON(regions: "[]", extra: #", "total_bytes": "lots""#), "'total_bytes' has an invalid value 'lots'"),
    (snapshotJSON(regions: "[]", extra: #", "damos_stats": 3"#), "'damos_stats' is not an object"),
    (recordJSON(snapshots: #"[{"end_time": "1", "regions": []}]"#), "record 0, snapshot 0: has no 'start_time'"),
    (recordJSON(snapshots: #"[{"start_time": "1", "regions": []}]"#), "record 0, snapshot 0: has no 'end_time'"),
    (recordJSON(snapshots: #"[{"start_time": "1", "end_time": "2"}]"#), "record 0, snapshot 0: has no 'regions'"),
    (recordJSON(snapshots: #"[{"start_time": "x", "end_time": "2", "regions": []}]"#), "'start_time' has an invalid value 'x'"),
    (recordJSON(snapshots: "5"), "record 0: 'snapshots' is not a list"),
    (recordJSON(snapshots: "[7]"), "record 0, snapshot 0: is not an object"),
    (#"[{"target_id": 1}]"#, "record 0: has no 'snapshots'"),
    (#"[{"snapshots": [], "target_id": "abc"}]"#, "record 0: 'target_id' is not a number"),
    (#"[{"snapshots": [], "kdamond_idx": "x"}]"#, "record 0: 'kdamond_idx' is not an integer"),
    (#"[{"snapshots": [], "kdamond_idx": 1.5}]"#, "record 0: 'kdamond_idx' is not an integer"),
    (#"[{"snapshots": [], "intervals": 5}]"#, "record 0: 'intervals' is not an object"),
    (#"[{"snapshots": [], "intervals": {"sample_us": 5}}]"#, "record 0, intervals: has no 'aggr_us'"),
    (#"[{"snapshots": [], "scheme_filters": 5}]"#, "record 0: 'scheme_filters' is not a list"),
    (#"[{"snapshots": [], "scheme_filters": [{"matching": true}]}]"#, "scheme filter 0: has no 'filter_type' string"),
    (#"[{"snapshots": [], "data_source": 1}]"#, "record 0: 'data_source' is not a string"),
    (#"[{"snapshots": []}, 5]"#, "record 1: is not an object"),
    (#"{"snapshots": []}"#, "a record file must hold a JSON list of records"),
    ("[1]", "record 0: is not an object"),
]

private let invalidJSON: [String] = [
    "[", "[{", "[{]", #"[{"snapshots": []},]"#, #"[{"snapshots": [],}]"#, #"[{"snapshots": [}]"#, "[] x", "[]]", #"[{"a" 1}]"#,
    "[tru]", "[\"abc", #"[{"snapshots": [], "x": [1 2]}]"#,
    #"[{"snapshots": [], "x": "\u12"}]"#,
]

@Suite("RecordFile errors")
struct RecordFileErrorTests {
    @Test func missingFile() throws {
        let dir = TempDir()
        let text = expectRecordFileError(dir.file("nope"), "missing")
        #expect(text?.hasSuffix("no such file") == true)
    }

    @Test func emptyFileAndDirectory() throws {
        let dir = TempDir()
        try writeBytes([], dir.file("empty"))
        #expect(expectRecordFileError(dir.file("empty"), "empty")?.contains("empty file") == true)
        #expect(expectRecordFileError(dir.path, "directory")?.hasSuffix("is a directory") == true)
        try writeText("  \n\t\n", dir.file("blank"))
        #expect(expectRecordFileError(dir.file("blank"), "blank")?.contains("not a DAMON record") == true)
        try writeBytes([0x01, 0x02, 0x00, 0xff, 0x10], dir.file("binary"))
        #expect(expectRecordFileError(dir.file("binary"), "binary")?.contains("not a DAMON record") == true)
    }

    @Test(arguments: invalidJSON)
    func invalidJSONNamesPosition(_ doc: String) throws {
        let dir = TempDir()
        let path = dir.file("bad.json")
        try writeText(doc, path)
        let text = expectRecordFileError(path, doc)
        #expect(text?.contains("invalid JSON at line 1, column ") == true, "\(text ?? "")")
    }

    @Test func invalidJSONOnLaterLine() throws {
        let dir = TempDir()
        let path = dir.file("bad")
        try writeText("[\n    {\n        \"snapshots\": []\n        \"target_id\": 1\n    }\n]", path)
        #expect(expectRecordFileError(path) == "\(path): invalid JSON at line 4, column 9: expected ',' or the end of the object")
    }

    @Test(arguments: wrongContent)
    func wrongContentNamesPlace(_ doc: String, _ message: String) throws {
        let dir = TempDir()
        let path = dir.file("wrong.json")
        try writeText(doc, path)
        let text = expectRecordFileError(path, message)
        #expect(text?.contains(message) == true, "got: \(text ?? "nothing")")
        // The same holds when compressed.
        try RecordFile.write([], path: path, format: .jsonCompressed)
        let sink = MemorySink()
        let deflate = try DeflateSink(base: sink, name: "mem")
        try deflate.write(Array(doc.utf8))
        try deflate.finish()
        try writeBytes(sink.bytes, path)
        #expect(expectRecordFileError(path, message)?.contains(message) == true)
    }

    /// Like damo, an empty list (and trace text without DAMON events) is a
    /// valid file with no records; callers report "no record".
    @Test func emptyRecordList() throws {
        let dir = TempDir()
        let otherEvent = "   bash  17 [001]  2.5: sched:sched_switch: prev_comm=bash prev_pid=17\n\n# end\n"
        for (name, text) in [("list", "[]"), ("list2", " [ ]\n"), ("trace", otherEvent)] {
            try writeText(text, dir.file(name))
            #expect(try RecordFile.read(path: dir.file(name)).isEmpty)
        }
        try RecordFile.write([], path: dir.file("z"), format: .jsonCompressed)
        #expect(try RecordFile.read(path: dir.file("z")).isEmpty)
    }

    @Test func traceErrorsNameTheLine() throws {
        let dir = TempDir()
        let path = dir.file("trace")
        let head = "kdamond.0 1 [000] "
        try writeText("""
            \(head)2.0: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096: 0 1
            \(head)1.0: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096: 0 1
            """, path)
        #expect(expectRecordFileError(path) == "\(path): line 2: trace is not time-sorted")
        try writeText("\(head)1.0: damon:damon_aggregated: target_id=x nr_regions=1 0-4096: 0 1\n", path)
        #expect(expectRecordFileError(path) == "\(path): line 1: invalid target id in a DAMON trace event")
        try writeText("\(head)1.0: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096 0 1\n", path)
        #expect(expectRecordFileError(path) == "\(path): line 1: invalid address range in a DAMON trace event")
        try writeText("\(head)x.y: damon:damon_aggregated: target_id=1 nr_regions=1 0-4096: 0 1\n", path)
        #expect(expectRecordFileError(path) == "\(path): line 1: invalid timestamp in a DAMON trace event")
    }

    /// Nesting deeper than any record, in fields read as whole values.
    @Test func deepNesting() throws {
        let dir = TempDir()
        let path = dir.file("deep")
        let depth = 100_000
        for key in ["intervals", "unknown_key"] {
            let doc = "[{\"\(key)\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                + ", \"snapshots\": []}]"
            try writeText(doc, path)
            _ = expectRecordFileError(path, key)
        }
    }
}
