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

    /// damo in this process on `fs`, with the fixtures' MemTotal.
    static func run(_ arguments: [String], fs: DamonFS, memTotalKiB: Int? = memTotalKiB) -> DamoRun {
        let output = CapturedOutput()
        var env = DamoInProcess.environment(arguments, fs: fs, output: output)
        env.host.memTotalBytes = { memTotalKiB.map { $0 * 1024 } }
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
}
