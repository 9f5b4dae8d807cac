import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `report access` of the running DAMON, run in this process on the
/// emulated kernel: a stat scheme is installed (or reused), its tried
/// regions become the snapshot, and the kernel is left as found.
@Suite struct LiveSnapshotCLITests {
    let tmp = TemporaryDirectory("damo-live")
    var dir: String { tmp.path }

    static let regions = [
        EmulatedRegion(start: 4096, end: 1 << 20, nrAccesses: 0, age: 10),
        EmulatedRegion(start: 1 << 20, end: 2 << 20, nrAccesses: 0, age: 10),
        EmulatedRegion(start: 2 << 20, end: 3 << 20, nrAccesses: 18, age: 3, szFilterPassed: 4096),
        EmulatedRegion(start: 3 << 20, end: 1 << 30, nrAccesses: 2, age: 50),
    ]

    @Test func rawFormOfTheRunningDamonLeavesTheKernelAsFound() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: Self.regions)
        kernel.with { $0.clearWriteLog() }
        let before = kernel.parameters()
        let run = kernel.run(["report", "access", "--raw_form"])
        #expect(run.status == 0, "\(run.stderr)")
        // The first two regions merge (same pattern, contiguous).
        let lines = run.text.split(separator: "\n").filter { $0.hasPrefix("0000") }
        #expect(lines.count == 3, "\(run.text)")
        #expect(run.text.contains("000000001000-000000200000"), "\(run.text)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
        // Installed once, committed, removed, committed.
        let commits = kernel.with { $0.successfulWrites.filter { $0.path.hasSuffix("/state") && $0.value == "commit" } }
        #expect(commits.count == 2)
    }

    @Test func showIsReportAccess() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: Self.regions)
        let show = kernel.run(["show", "--raw_form"])
        let report = kernel.run(["report", "access", "--raw_form"])
        #expect(show.status == 0, "\(show.stderr)")
        let strip = { (t: String) in t.split(separator: "\n").filter { !$0.hasPrefix("snapshot time") && !$0.contains("time:") } }
        #expect(strip(show.text).count == strip(report.text).count)
    }

    @Test func anEquivalentStatSchemeIsReused() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(schemes: [("stat", 0, UInt64.max)], regions: Self.regions)
        kernel.with { $0.clearWriteLog() }
        let run = kernel.run(["report", "access", "--raw_form"])
        #expect(run.status == 0, "\(run.stderr)")
        let writes = kernel.with { $0.successfulWrites.map(\.path) }
        #expect(!writes.contains { $0.hasSuffix("nr_schemes") }, "\(writes)")
        #expect(run.text.contains("000000001000-000000200000"))
    }

    @Test func otherSchemesKeepTheirParameters() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(schemes: [("pageout", 0, 0), ("stat", 5, 10)], regions: Self.regions)
        kernel.with { $0.clearWriteLog() }
        let before = kernel.parameters()
        let run = kernel.run(["report", "access", "--style", "detailed"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        // While installed, the kernel had three schemes with the first two as given.
        let committedSchemes = kernel.with { fs in
            fs.successfulWrites.filter { $0.path.hasSuffix("schemes/nr_schemes") }.map(\.value)
        }
        #expect(committedSchemes == ["3", "2"])
    }

    @Test func accessPatternFiltersGoToTheKernel() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: Self.regions)
        // 18 of 20 samples = 90%: only the hot region.
        let run = kernel.run(["report", "access", "--raw_form", "--access_rate", "50", "100"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("000000200000-000000300000"), "\(run.text)")
        #expect(!run.text.contains("000000001000-000000200000"), "\(run.text)")
    }

    @Test func snapshotDamosFilterIsInstalled() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: Self.regions)
        let run = kernel.run(["report", "access", "--snapshot_damos_filter", "allow", "anon"])
        #expect(run.status == 0, "\(run.stderr)")
        let filterWrites = kernel.with { fs in
            fs.successfulWrites.filter { $0.path.contains("ops_filters/0/type") }.map(\.value)
        }
        #expect(filterWrites.first == "anon")
        // The scripted 4 KiB passed the filter in the hot region.
        #expect(run.text.contains("4.000 KiB"), "\(run.text)")
    }

    @Test func triedRegionsOfAnExistingScheme() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(schemes: [("pageout", 15, 20)], regions: Self.regions)
        let run = kernel.run(["report", "access", "--raw_form", "--input", "tried_regions_of", "0", "0", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("000000200000-000000300000"), "\(run.text)")
        #expect(!run.text.contains("000000001000-"), "\(run.text)")
    }

    @Test func linux61HasNoLiveSnapshots() throws {
        let kernel = try EmulatedKernel(.v6_1)
        try kernel.startPaddr(regions: Self.regions)
        let before = kernel.parameters()
        let run = kernel.run(["report", "access"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("tried regions"), "\(run.stderr)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
    }

    @Test func withoutRunningDamonDamonDataIsRead() throws {
        let kernel = try EmulatedKernel()
        try FileManager.default.copyItem(atPath: fixtures + "/compat/inputs/damon.data", toPath: dir + "/damon.data")
        let run = try Damo.run(["report", "access", "--raw_form", "--interface_root", kernel.root], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try Damo.run(["report", "access", "--raw_form", "--input", "damon.data"], in: dir)
        #expect(run.text == expected.text)
    }
}

enum EmulatorDiff {
    static func lines(_ a: [String: String], _ b: [String: String]) -> [String] { SysfsEmulator.diff(a, b) }
}
