import DamoTestSupport
import DamonModel
import DamonRecords
import Foundation
import Testing
@testable import DamoCommands
@testable import damo

/// `report access`'s text styles read record files in two passes (a
/// summary, then snapshot by snapshot); the same command reading the
/// files whole must print the same bytes, for every style and the
/// options that look at more than one snapshot.
@Suite("report access text: streamed as read whole")
struct AccessStreamingTests {
    static let dir = TemporaryDirectory.forSuite("damo-access-stream")
    /// Two records (DAMOS filters on the first; the second's data source,
    /// written after its snapshots, is DAMON_STAT's), then a record with
    /// probe hits, in its own file.
    static let files: (filtered: String, probed: String) = {
        let filtered = dir.file("filtered.json"), probed = dir.file("probed.data")
        let anon = DamosFilter(filterType: "anon", matching: true, allow: true)
        var goal = IntervalsGoal()
        goal.accessBp = .int(400)
        goal.aggrs = .int(3)
        let a = Record(intervals: Intervals(sample: .int(5000), aggr: .int(100_000)), schemeIdx: 0, targetId: TargetID(1),
                       schemeFilters: [anon], snapshots: snapshots(4, regions: 7, base: 1 << 30, passed: true))
        let b = Record(intervals: Intervals(sample: .int(10_000), aggr: .int(200_000), goal: goal), targetId: TargetID(2),
                       snapshots: snapshots(3, regions: 5, base: 1 << 32, passed: false), dataSource: recordDataSourceDamonStat)
        var c = Record(kdamondIdx: 1, intervals: Intervals(), targetId: TargetID(3),
                       snapshots: snapshots(2, regions: 4, base: 1 << 20, passed: false))
        for s in c.snapshots.indices {
            for r in c.snapshots[s].regions.indices { c.snapshots[s].regions[r].probeHits = [r + s, 2 * r] }
        }
        do {
            try RecordFile.write([a, b], path: filtered, format: .json)
            try RecordFile.write([c], path: probed, format: .jsonCompressed)
        } catch {
            Issue.record("writing the test records: \(error)")
        }
        return (filtered, probed)
    }()

    /// `count` snapshots 100 ms apart whose regions change size, access
    /// and age from one snapshot to the next.
    static func snapshots(_ count: Int, regions: Int, base: Int, passed: Bool) -> [Snapshot] {
        (0..<count).map { s in
            var start = base
            let rs: [Region] = (0..<regions).map { r in
                let size = 4096 * (1 + (r * 3 + s * 5) % 11) * (r == 2 ? 512 : 1)
                defer { start += size }
                return Region(start: start, end: start + size, samples: (r * 7 + s * 3) % 21,
                              aggrIntervals: (r * 5 + s) % 13, szFilterPassed: passed ? size / (1 + r % 3) : 0)
            }
            let t = PyNum.int(Int128(1_000_000_000 + s * 100_000_000))
            return Snapshot(startTime: t, endTime: t + .int(100_000_000), regions: rs)
        }
    }

    static let fixtureInputs = fixtures + "/compat/inputs/"

    /// Input files (nil: both generated ones) and options.
    static let cases: [([String]?, [String])] = [
        (nil, []),
        (nil, ["--style", "simple-boxes"]),
        (nil, ["--style", "temperature-sz-hist"]),
        (nil, ["--style", "recency-sz-hist"]),
        (nil, ["--style", "cold-memory-tail"]),
        (nil, ["--style", "recency-percentiles"]),
        (nil, ["--style", "idle-time-percentiles", "--percentiles_range", "0", "100", "20"]),
        (nil, ["--style", "temperature-percentiles"]),
        (nil, ["--style", "cold"]),
        (nil, ["--style", "hot", "--raw_number"]),
        (nil, ["--region_box"]),
        (nil, ["--region_box", "--region_box_values", "size", "age", "access_rate", "--region_box_scales", "linear", "log", "linear"]),
        (nil, ["--sort_regions_by", "temperature", "--sort_regions_dsc", "temperature"]),
        (nil, ["--sort_regions_by", "access_rate", "age", "--sort_regions_dsc", "age"]),
        (nil, ["--total_sz_only"]),
        (nil, ["--raw_number"]),
        (nil, ["--style", "temperature-sz-hist", "--hist_ranges", "0", "2000", "2000", "100000000"]),
        (nil, ["--temperature_weights", "1", "0", "1", "--style", "temperature-percentiles"]),
        (nil, ["--snapshot_idx", "1", "2"]),
        (nil, ["--address", "\(1 << 30)", "\((1 << 30) + (1 << 22))", "--style", "simple-boxes"]),
        (nil, ["--access_rate", "10%", "90%", "--region_box"]),
        (nil, ["--sz_snapshot", "0", "1M"]),
        (nil, ["--snapshot_time", "0", "150ms"]),
        (nil, ["--temperature", "0", "2000"]),
        (nil, ["--format", "set", "record_head", "<kdamond index> <target id> <abs start time> <duration> <data source>",
               "--format", "set", "snapshot_head", "[<start time>, <end time>] <number of regions>",
               "--format", "append", "record_tail", "\\n<format strings>"]),
        (nil, ["--on_cache", "32K", "8", "64"]),
        (nil, ["--on_cache", "1M", "16", "64", "--style", "temperature-sz-hist"]),
        (["probed", "filtered"], []),
        (["probed"], ["--style", "simple-boxes"]),
        ([fixtureInputs + "damon.data.tworec", fixtureInputs + "damon.data.multi"], []),
        ([fixtureInputs + "damon.data.tworec", fixtureInputs + "damon.data.snapshot.active"], ["--style", "cold"]),
    ]

    static func inputs(_ names: [String]?) -> [String] {
        (names ?? ["filtered", "probed"]).map {
            $0 == "filtered" ? files.filtered : $0 == "probed" ? files.probed : $0
        }
    }

    @Test(arguments: cases)
    func streamedAsReadWhole(_ names: [String]?, _ options: [String]) throws {
        let arguments = ["report", "access", "--input"] + Self.inputs(names) + options
        let streamed = DamoInProcess.run(arguments)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(!streamed.text.isEmpty)

        let output = CapturedOutput()
        let command = try ReportAccess.parse(Array(arguments.dropFirst(2)))
        try command.run(in: DamoInProcess.environment(arguments, fs: nil, output: output), streamed: false)
        #expect(streamed.text == String(decoding: output.stdout, as: UTF8.self), "\(options)")
    }

    /// What both passes reject, the first rejects before any output.
    @Test func recordWithoutIntervalsFailsBeforeOutput() throws {
        let path = Self.dir.file("no-intervals.json")
        try RecordFile.write([Record(targetId: TargetID(1), snapshots: Self.snapshots(2, regions: 3, base: 0, passed: false))],
                             path: path, format: .json)
        let run = DamoInProcess.run(["report", "access", "--input", Self.files.filtered, path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("some records lack the intervals information"), "\(run.stderr)")
        #expect(run.text.isEmpty)
    }
}
