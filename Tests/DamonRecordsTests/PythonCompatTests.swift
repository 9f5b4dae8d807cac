import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// Facts about the shared inputs, as python damo 3.4.3's
/// _damo_records.parse_records_file() reads them.
struct InputFacts: Sendable, CustomTestStringConvertible {
    let name: String
    let snapshots: Int
    let regions: Int
    let targetId: String?
    let firstStart: String
    let firstEnd: String
    let lastEnd: String
    let firstTotalBytes: Int
    let filters: [String]
    var testDescription: String { name }
}

let inputFacts: [InputFacts] = [
    InputFacts(name: "damon.data", snapshots: 543, regions: 9773, targetId: "18446623438842320000",
               firstStart: "539809434100", firstEnd: "539914032967", lastEnd: "596606618651",
               firstTotalBytes: 40_243_200, filters: []),
    InputFacts(name: "damon.data.json_compressed", snapshots: 543, regions: 9773, targetId: "18446623438842320000",
               firstStart: "539809434100", firstEnd: "539914032967", lastEnd: "596606618651",
               firstTotalBytes: 40_243_200, filters: []),
    InputFacts(name: "perf.data.script", snapshots: 562, regions: 10260, targetId: "18446623435582458880",
               firstStart: "82820852190262.03", firstEnd: "82820952659000", lastEnd: "82877315621000",
               firstTotalBytes: 23_810_048, filters: []),
    InputFacts(name: "damon.data.snapshot.active", snapshots: 1, regions: 34, targetId: nil,
               firstStart: "1748191609649802240", firstEnd: "1748191612649802240", lastEnd: "1748191612649802240",
               firstTotalBytes: 64_282_951_680, filters: ["allow active"]),
    InputFacts(name: "damon.data.snapshot.hugepage", snapshots: 1, regions: 21, targetId: nil,
               firstStart: "1748191707908346368", firstEnd: "1748191710908346368", lastEnd: "1748191710908346368",
               firstTotalBytes: 64_282_951_680, filters: ["allow hugepage_size [2.000 MiB, max]"]),
    InputFacts(name: "damon.data.snapshot.nofilter", snapshots: 1, regions: 132, targetId: nil,
               firstStart: "1745091985773302272", firstEnd: "1745091985873302272", lastEnd: "1745091985873302272",
               firstTotalBytes: 64_282_951_680, filters: []),
]

/// (snapshot input, regions, scheme filter) as python damo reads them.
let snapshotInputs: [(String, Int, String?)] = [
    ("active", 34, "allow active"), ("anon", 105, "allow anon"), ("file", 203, "reject anon"),
    ("hugepage", 21, "allow hugepage_size [2.000 MiB, max]"), ("inactive", 478, "reject active"),
    ("nofilter", 132, nil), ("unmapped", 211, "allow unmapped"),
]

@Suite("Shared inputs and python damo")
struct PythonCompatTests {
    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"), arguments: inputFacts)
    func readsLikePythonDamo(_ facts: InputFacts) throws {
        let records = try RecordFile.read(path: TestPaths.input(facts.name))
        try #require(records.count == 1)
        let r = records[0]
        #expect(r.snapshots.count == facts.snapshots)
        #expect(r.snapshots.reduce(0) { $0 + $1.regions.count } == facts.regions)
        #expect(r.targetId?.description == facts.targetId)
        #expect(r.snapshots[0].startTime.description == facts.firstStart)
        #expect(r.snapshots[0].endTime.description == facts.firstEnd)
        #expect(r.snapshots.last?.endTime.description == facts.lastEnd)
        #expect(r.snapshots[0].totalBytes == facts.firstTotalBytes)
        #expect(r.schemeFilters.map { $0.toString(raw: false) } == facts.filters)
        #expect(r.dataSource == "unknown")
    }

    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"), arguments: snapshotInputs)
    func snapshotInputsRead(_ name: String, _ regions: Int, _ filter: String?) throws {
        let records = try RecordFile.read(path: TestPaths.input("damon.data.snapshot." + name))
        try #require(records.count == 1 && records[0].snapshots.count == 1)
        #expect(records[0].snapshots[0].regions.count == regions)
        #expect(records[0].snapshots[0].totalBytes == 64_282_951_680)
        #expect(records[0].schemeFilters.map { $0.toString(raw: false) } == (filter.map { [$0] } ?? []))
        #expect(records[0].targetId == nil)
    }

    @Test(.enabled(if: TestPaths.haveInputs, "needs ../shared/compat/cases/inputs"))
    func snapshotIntervals() throws {
        let r = try RecordFile.read(path: TestPaths.input("damon.data.snapshot.active"))[0]
        #expect(r.intervals?.toString(raw: false)
            == "sample 150 ms, aggr 3 s, update 1 s\ntarget 4 % accesses per 1 aggrs, [5 ms, 150 ms] sampling interval")
    }

    /// python damo reads what we write and reports it exactly as it reports
    /// the original.  Only `damo report access --raw_form --input FILE`, a
    /// read-only command, is run.
    @Test(.enabled(if: TestPaths.haveDamo, "needs python damo 3.4.3 (DAMO_REFERENCE, set by scripts/test.sh) and ../shared/compat/cases/inputs"),
          arguments: ["damon.data", "perf.data.script", "damon.data.snapshot.active", "damon.data.snapshot.hugepage"])
    func pythonDamoReportsOurFilesLikeOriginals(_ name: String) throws {
        let original = TestPaths.input(name)
        let expected = try damoReport(original)
        try #require(!expected.isEmpty)
        let records = try RecordFile.read(path: original)
        let dir = TempDir()
        var compared = 0
        for format in RecordFormat.writable {
            let ours = dir.file("ours.\(format.rawValue)")
            try RecordFile.write(records, path: ours, format: format)
            // Trace text keeps microseconds and no "no target id": only
            // trace-based records go through it unchanged, as with damo.
            if format == .perfScript && !name.hasPrefix("perf") { continue }
            // damo tells JSON by `file -b` saying exactly "JSON data";
            // newer file(1) says "JSON text data", and then damo cannot
            // read any plain JSON record, its own included.
            if format == .json, try !fileSaysJSONData(ours) { continue }
            let got = try damoReport(ours)
            #expect(firstDifference(expected, got) == nil, "\(name) written as \(format.rawValue)")
            compared += 1
        }
        #expect(compared >= 1)
    }

    func fileSaysJSONData(_ path: String) throws -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/file") else { return false }
        return try run("/usr/bin/file", ["-b", path]).1 == "JSON data\n"
    }

    func damoReport(_ path: String) throws -> String {
        let (status, out, err) = try run(TestPaths.damo, ["report", "access", "--raw_form", "--input", path])
        #expect(status == 0, "damo failed on \(path): \(err)")
        return out
    }
}

/// The first differing line, for readable failures.
func firstDifference(_ a: String, _ b: String) -> String? {
    let x = a.split(separator: "\n", omittingEmptySubsequences: false)
    let y = b.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(x.count, y.count) {
        let l = i < x.count ? String(x[i]) : "<none>"
        let r = i < y.count ? String(y[i]) : "<none>"
        if l != r { return "line \(i + 1): expected '\(l)', got '\(r)'" }
    }
    return nil
}

/// python damo 3.4.3: json.dumps([r.to_kvpairs(raw=True)], indent=4) of
/// the record built in jsonLayoutMatchesPythonDamo().
let pythonSmallRecordJSON = """
    [
        {
            "kdamond_idx": 0,
            "context_idx": 0,
            "intervals": {
                "sample_us": "5000",
                "aggr_us": "100000",
                "ops_update_us": "1000000",
                "intervals_goal": {
                    "access_bp": "0.000000",
                    "aggrs": "0",
                    "min_sample_us": "0",
                    "max_sample_us": "0"
                }
            },
            "scheme_idx": null,
            "target_id": 42,
            "scheme_filters": [
                {
                    "filter_type": "anon",
                    "matching": true,
                    "allow": true,
                    "memcg_path": null,
                    "address_range": null,
                    "damon_target_idx": null,
                    "hugepage_size": null,
                    "probe_hits_wsum_range": null
                }
            ],
            "snapshots": [
                {
                    "start_time": "1000",
                    "end_time": "2500000000",
                    "regions": [
                        {
                            "start": "4,096",
                            "end": "8,192",
                            "nr_accesses": {
                                "samples": 3,
                                "percent": null
                            },
                            "age": {
                                "usec": null,
                                "aggr_intervals": "2"
                            },
                            "probe_hits": [],
                            "sz_filter_passed": "0 B"
                        },
                        {
                            "start": "94,827,419,009,024",
                            "end": "94,827,423,150,080",
                            "nr_accesses": {
                                "samples": 5,
                                "percent": null
                            },
                            "age": {
                                "usec": "700 ms",
                                "aggr_intervals": null
                            },
                            "probe_hits": [
                                1,
                                2
                            ],
                            "sz_filter_passed": "4.000 KiB"
                        }
                    ],
                    "total_bytes": "4145152",
                    "damos_stats": null,
                    "sample_interval_us": null
                }
            ],
            "data_source": "unknown"
        }
    ]
    """
