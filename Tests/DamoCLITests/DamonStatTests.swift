import DamoCommands
import DamonEmulator
import DamonKernel
import DamonModel
import DamoTestSupport
import Foundation
import Testing
import damo

/// `report access` without --input when no kdamond of ours runs and
/// DAMON_STAT does: the snapshot built from its parameters, against damo
/// 3.4.3's output for the same parameters and MemTotal
/// (Tests/Fixtures/damon_stat, made in a 6.12 guest by make.sh there).
@Suite struct DamonStatTests {
    static let dir = fixtures + "/damon_stat"
    static let sets = ["hot", "flat", "steps"]
    static let cases = CommandCase.load(dir + "/cases.txt", separator: ":")
    static var all: [(String, CommandCase)] { sets.flatMap { s in cases.map { (s, $0) } } }
    static let memTotalKiB = Int((try? String(contentsOfFile: dir + "/memtotal", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0

    /// A 6.18 machine with no kdamond running and DAMON_STAT publishing
    /// the parameter set's values.
    static func machine(_ set: String? = "hot", kind: EmulatedModuleKind = .stat,
                        enabled: Bool = true) throws -> SysWithModules {
        let modules = ModuleParamsEmulator([kind])
        if let set {
            func param(_ name: String) throws -> String {
                try String(contentsOfFile: "\(dir)/\(set)/\(name)", encoding: .utf8)
            }
            modules.publishStat(percentiles: try param("memory_idle_ms_percentiles"),
                                aggrIntervalUs: try param("aggr_interval_us"),
                                bandwidth: try param("estimated_memory_bandwidth"))
        }
        if enabled { try modules.write("module/damon_stat/parameters/enabled", "Y") }
        return SysWithModules(damon: SysfsEmulator(layout: .v6_18), modules: modules)
    }

    /// damo in this process on `fs`, with the fixtures' MemTotal, a
    /// `kdamond.0` of pid 4242 (unless `kdamondPid` says otherwise) and
    /// System RAM [4 KiB, 512 MiB).
    static func run(_ arguments: [String], fs: DamonFS, memTotalKiB: Int? = memTotalKiB,
                    kdamondPid: Int? = 4242) -> DamoRun {
        let output = CapturedOutput()
        var env = DamoInProcess.environment(arguments, fs: fs, output: output)
        env.host.memTotalBytes = { memTotalKiB.map { $0 * 1024 } }
        env.host.pidNamed = { $0 == "kdamond.0" ? kdamondPid : nil }
        env.host.systemRAMSpan = { (4096, 512 << 20) }
        let status = DamoMain.run(arguments, in: env)
        return DamoRun(status: status, stdout: output.stdout, stderr: output.stderr)
    }

    @Test(arguments: all)
    func sameAsDamo(_ set: String, _ c: CommandCase) throws {
        let expected = try String(contentsOfFile: "\(Self.dir)/\(set)-\(c.name).out", encoding: .utf8)
        let run = Self.run(["report", "access"] + c.arguments, fs: try Self.machine(set))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == expected, "\(set) \(c.name)")
    }

    @Test func fixturesPresent() {
        #expect(Self.cases.count >= 5)
        #expect(Self.memTotalKiB > 0)
    }

    /// Where damo 3.4.3 does not use DAMON_STAT, neither do we: it is
    /// off, its kernel publishes no aggr_interval_us (6.17), or a
    /// --snapshot_damos_filter needs a scheme of ours.
    @Test func notTheSourceWhereDamoWouldNotUseIt() throws {
        let noSource = "no --input given, DAMON is not running, and there is no damon.data here"
        for fs in [try Self.machine(enabled: false), try Self.machine(nil, kind: .stat617)] {
            let run = Self.run(["report", "access"], fs: fs)
            #expect(run.status == 1)
            #expect(run.stderr.contains(noSource), "\(run.stderr)")
        }
        let filtered = Self.run(["report", "access", "--snapshot_damos_filter", "memcg", "nomatching", "/"],
                                fs: try Self.machine())
        #expect(filtered.status != 0)
        #expect(!filtered.text.contains("damon_stat"))
    }

    /// A kdamond of ours runs: its snapshot, not DAMON_STAT's.
    @Test func ourKdamondComesFirst() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: [EmulatedRegion(start: 4096, end: 1 << 20, nrAccesses: 2, age: 3)])
        let fs = SysWithModules(damon: kernel.fs, modules: try Self.machine().modules)
        let run = Self.run(["report", "access", "--raw_number"], fs: fs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.text.contains("data source: damon_stat"))
        #expect(run.text.contains("addr 4096"))
    }

    /// Values no kernel publishes end in one line naming the parameter.
    @Test(arguments: [
        ("1,2,3", "200000", "memory_idle_ms_percentiles is not 101"),
        (Array(repeating: "x", count: 101).joined(separator: ","), "200000", "memory_idle_ms_percentiles is not 101"),
        ((["\(Int.max)", "\(Int.max)"] + Array(repeating: "0", count: 99)).joined(separator: ","), "200000",
         "idle time too large"),
        (Array(repeating: "0", count: 101).joined(separator: ","), "-5", "aggr_interval_us is not a usable number"),
    ])
    func hostileParameters(_ percentiles: String, _ aggr: String, _ message: String) throws {
        let fs = try Self.machine(nil)
        fs.modules.publishStat(percentiles: percentiles, aggrIntervalUs: aggr)
        let run = Self.run(["report", "access"], fs: fs)
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        let noMem = Self.run(["report", "access"], fs: try Self.machine(), memTotalKiB: nil)
        #expect(noMem.status == 1)
        #expect(noMem.stderr.contains("MemTotal"), "\(noMem.stderr)")
    }

    /// Percentiles spread over MemTotal: one region per percentile, age the
    /// mean of its bounds, negative idle times accessed; equal neighbours
    /// merged unless asked not to.
    @Test func snapshotShape() throws {
        let idle = (0...100).map { $0 < 10 ? "-100" : $0 < 50 ? "1000" : "\($0 * 7)" }.joined(separator: ",")
        let merged = try DamonStat.snapshotRecord(aggrIntervalUs: "100000", percentiles: idle,
                                                  memTotalBytes: 1000, nowNs: 5e9, mergeRegions: true)
        let all = try DamonStat.snapshotRecord(aggrIntervalUs: "100000", percentiles: idle,
                                               memTotalBytes: 1000, nowNs: 5e9, mergeRegions: false)
        #expect(all.snapshots[0].regions.count == 100)
        #expect(all.snapshots[0].regions[8].samples == 10 && all.snapshots[0].regions[8].usec == .int(-100_000))
        // Between -100 and 1000 ms: 450 ms, not accessed.
        #expect(all.snapshots[0].regions[9].samples == 0 && all.snapshots[0].regions[9].usec == .int(450_000))
        #expect(all.snapshots[0].regions[99].end == 1000)
        #expect(merged.snapshots[0].regions.prefix(3).map { [$0.start, $0.end] } == [[0, 90], [90, 100], [100, 490]])
        #expect(merged.snapshots[0].totalBytes == 1000)
        #expect(merged.intervals?.sample == .float(5000) && merged.dataSource == recordDataSourceDamonStat)
        #expect(merged.snapshots[0].startTime == .float(5e9 - 1e8))
    }

    /// `record` with no kdamond of ours: DAMON_STAT's kdamond is the
    /// ongoing one; --snapshot takes DAMON_STAT's snapshots, and nothing is
    /// written to the kernel.  The record reads back as damo 3.4.3 reads
    /// its own record of the same parameters.
    @Test(arguments: ["hot", "steps"])
    func recordsDamonStatSnapshots(_ set: String) throws {
        let tmp = TemporaryDirectory("damon-stat-record")
        let fs = try Self.machine(set)
        let writesBefore = fs.modules.log.writeLog.count
        let out = tmp.file("stat.data")
        let run = Self.run(["record", "--snapshot", "0", "1", "-o", out], fs: fs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(fs.modules.log.writeLog.count == writesBefore)
        let report = Self.run(["report", "access", "--input", out, "--raw_number"], fs: fs)
        #expect(report.status == 0, "\(report.stderr)")
        // damo writes the snapshot's sample_interval_us through its
        // nanosecond formatter and reads it back 1000 times too large (a
        // deliberate difference in the README): its intervals line is the
        // live report's in ours, the rest is the same.
        let expected = try String(contentsOfFile: "\(Self.dir)/record-\(set).out", encoding: .utf8)
        let live = try String(contentsOfFile: "\(Self.dir)/\(set)-raw.out", encoding: .utf8)
        func intervalsLine(_ text: String) -> String? { text.split(separator: "\n").first { $0.hasPrefix("intervals: ") }.map(String.init) }
        let oursLines = report.text.split(separator: "\n", omittingEmptySubsequences: false)
        let damoLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(oursLines.count == damoLines.count)
        for (a, b) in zip(oursLines, damoLines) where !a.hasPrefix("intervals: ") { #expect(a == b) }
        #expect(intervalsLine(report.text) != nil && intervalsLine(report.text) == intervalsLine(live))
        // damo's own record of the same parameters reads as damo reads it.
        let damoRecord = "\(Self.dir)/record-\(set).data"
        if FileManager.default.fileExists(atPath: damoRecord) {
            let theirs = Self.run(["report", "access", "--input", damoRecord, "--raw_number"], fs: fs)
            #expect(theirs.status == 0, "\(theirs.stderr)")
            #expect(theirs.text == expected)
        }
        let kdamonds = try String(contentsOfFile: out + ".kdamonds", encoding: .utf8)
        #expect(kdamonds.contains("\"pid\": \"4242\"") || kdamonds.contains("\"pid\": 4242"), "\(kdamonds)")
        #expect(kdamonds.contains("\"access_bp\": \"4 %\""), "\(kdamonds)")
        // Two snapshots go into one record.
        let two = Self.run(["record", "--snapshot", "0", "2", "-o", out], fs: fs)
        #expect(two.status == 0, "\(two.stderr)")
        let both = Self.run(["report", "access", "--input", out, "--raw_number"], fs: fs)
        #expect(both.text.components(separatedBy: "# data source: damon_stat").count == 2)
        #expect(both.text.components(separatedBy: "total size: ").count == 3)
    }

    /// What DAMON_STAT's kdamond cannot give ends in one line, before
    /// anything is recorded.
    @Test func recordRefusals() throws {
        let tmp = TemporaryDirectory("damon-stat-refusals")
        for (args, fs, pid, message) in [
            (["ongoing", "--snapshot", "0", "1"], try Self.machine(enabled: false), 4242, "DAMON_STAT is unavailable (not running)"),
            (["ongoing", "--snapshot", "0", "1"], try Self.machine(), nil, "DAMON_STAT is unavailable (no kdamond.0 process)"),
            (["--snapshot", "0", "1", "--schemes_target_regions"], try Self.machine(), 4242, "is not ours"),
            (["ongoing", "--snapshot", "0", "1"], try Self.machine(nil, kind: .stat617), 4242, "publishes no aggr_interval_us"),
        ] as [([String], SysWithModules, Int?, String)] {
            let out = tmp.file("x.data")
            let run = Self.run(["record"] + args + ["-o", out], fs: fs, kdamondPid: pid)
            #expect(run.status == 1, "\(args)")
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
