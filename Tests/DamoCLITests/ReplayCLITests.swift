import DamonModel
import DamonRecords
import DamoTestSupport
import Foundation
import Testing

/// `damo replay` on small records written for the test.
@Suite struct ReplayCLITests {
    let tmp = TemporaryDirectory("damo-replay")
    var dir: String { tmp.path }

    /// `snapshots` snapshots of 50 ms over a region of `size` bytes.
    func writeRecord(_ name: String, snapshots: Int, size: Int = 1 << 20) throws -> String {
        let path = dir + "/" + name
        let list = (0..<snapshots).map { i in
            Snapshot(startTime: .int(Int128(i) * 50_000_000), endTime: .int(Int128(i + 1) * 50_000_000),
                     regions: [Region(start: 1 << 32, end: (1 << 32) + size, samples: 3, aggrIntervals: 1)])
        }
        try RecordFile.write([Record(intervals: Intervals(sample: .int(5000), aggr: .int(50000)), snapshots: list)],
                             path: path, format: .jsonCompressed)
        return path
    }

    @Test func replaysInRealTime() throws {
        let record = try writeRecord("small.data", snapshots: 4)
        let start = Date()
        let run = try Damo.run(["replay", record, "--progress_notice_interval", "0.05"], in: dir)
        let elapsed = Date().timeIntervalSince(start)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.text.split(separator: "\n")
        #expect(lines.last == "all snapshots are replayed")
        #expect(lines.count >= 3)
        #expect(lines.first?.wholeMatch(of: /0\/4 snapshots replayed in 0\.0[5-9]\d seconds/) != nil, "\(run.text)")
        #expect(elapsed >= 0.2)
        // The record of the current directory by default.
        try FileManager.default.copyItem(atPath: record, toPath: dir + "/damon.data")
        let byDefault = try Damo.run(["replay", "--access", "full", "--nr_threads", "2"], in: dir)
        #expect(byDefault.text == "all snapshots are replayed\n", "\(byDefault.stderr)")
    }

    @Test func testPerf() throws {
        let run = try Damo.run(["replay", "--test_perf", "--test_perf_sz_mem", "8 MiB", "--test_perf_runtime", "1.5s"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.wholeMatch(of: /replayer can access \d+\.\d{3} [KMG]iB memory per second\n/) != nil, "\(run.text)")
    }

    @Test func errors() throws {
        let missing = try Damo.run(["replay", dir + "/none.data"], in: dir)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("damo: \(dir)/none.data: "))
        let huge = try writeRecord("huge.data", snapshots: 1, size: 1 << 50)
        let tooBig = try Damo.run(["replay", huge], in: dir)
        #expect(tooBig.status == 1)
        #expect(tooBig.stderr.hasPrefix("damo: \(huge): replaying needs 1024.000 TiB of memory; only "), "\(tooBig.stderr)")
        let access = try Damo.run(["replay", "--access", "some"], in: dir)
        #expect(access.stderr == "damo: --access must be page or full ('some' given)\n")
        let size = try Damo.run(["replay", "--test_perf", "--test_perf_sz_mem", "lots"], in: dir)
        #expect(size.stderr == "damo: --test_perf_sz_mem: 'lots' is not a valid size\n")
        let threads = try Damo.run(["replay", "--nr_threads", "0"], in: dir)
        #expect(threads.status == 1)
    }
}
