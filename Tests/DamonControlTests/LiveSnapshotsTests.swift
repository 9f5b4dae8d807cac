import Foundation
import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel

#if canImport(Glibc)
import Glibc
#endif

/// Live snapshots and record's undoable start against the emulated
/// kernel: the write sequences, and the kernel left as found when any
/// write fails.
@Suite struct LiveSnapshotsTests {
    static let kd = "kernel/mm/damon/admin/kdamonds"

    static let regions = [
        EmulatedRegion(start: 4096, end: 8192, nrAccesses: 0, age: 4),
        EmulatedRegion(start: 8192, end: 12288, nrAccesses: 0, age: 4),
        EmulatedRegion(start: 12288, end: 16384, nrAccesses: 7, age: 1, szFilterPassed: 4096),
    ]

    /// A running paddr kdamond with one pageout scheme (the user's).
    func running(_ layout: SysfsLayout = .v6_18) throws -> SysfsEmulator {
        let fs = SysfsEmulator(layout: layout)
        let scheme = Damos(action: .pageout, accessPattern: DamosAccessPattern(
            nrAccessesMin: .int(5), nrAccessesMax: .int(10), nrAccessesUnit: .samples))
        let ctx = DamonContext(ops: .paddr, targets: [DamonTarget(regions: [AddressRange(start: .int(4096), end: .int(16384))])],
                               schemes: [scheme])
        try DamonControl(fs: fs).start([Kdamond(contexts: [ctx])])
        fs.setRegions(Self.regions)
        fs.clearWriteLog()
        return fs
    }

    /// Parameter files only (not the kernel's results).
    func parameters(_ fs: SysfsEmulator) -> [String: String] {
        fs.dump().filter { !$0.key.contains("/stats/") && !$0.key.contains("/tried_regions") && !$0.key.hasSuffix("/pid") }
    }

    @Test func installTakeFinish() throws {
        let fs = try running()
        let before = parameters(fs)
        let live = LiveSnapshots(control: DamonControl(fs: fs), clock: { 5_000_000_000 })
        try live.prepare()
        #expect(live.sources.map { "\($0.kdamond)/\($0.context)/\($0.scheme)" } == ["0/0/1"])
        #expect(try fs.read(Self.kd + "/0/contexts/0/schemes/nr_schemes") == "2")
        // The user's scheme is written back after nr_schemes recreated it.
        #expect(try fs.read(Self.kd + "/0/contexts/0/schemes/0/action") == "pageout")
        #expect(try fs.read(Self.kd + "/0/contexts/0/schemes/1/apply_interval_us") == "5000")
        let records = try live.take()
        #expect(records.count == 1)
        let snapshot = try #require(records.first?.snapshots.first)
        // Contiguous regions of one pattern merge; filter-passed ones stay.
        #expect(snapshot.regions.map { "\($0.start)-\($0.end)" } == ["4096-12288", "12288-16384"])
        #expect(snapshot.regions[1].szFilterPassed == 4096)
        #expect(snapshot.endTime == .int(5_000_000_000))
        #expect(snapshot.startTime == .int(5_000_000_000 - 100_000_000))
        #expect(records[0].schemeIdx == 1 && records[0].targetId == nil)
        try live.finish()
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
        #expect(fs.isRunning(kdamond: 0))
        let commits = fs.successfulWrites.filter { $0.value == "commit" }
        #expect(commits.count == 2)
    }

    /// A record's scheme is applied once per aggregation interval (apply
    /// interval 0), and its snapshots keep the kernel's regions.
    @Test func recordPurposeKeepsTheKernelsRegions() throws {
        let fs = try running()
        let before = parameters(fs)
        let live = LiveSnapshots(control: DamonControl(fs: fs), clock: { 7_000_000_000 }, purpose: .record)
        try live.prepare()
        #expect(try fs.read(Self.kd + "/0/contexts/0/schemes/1/apply_interval_us") == "0")
        let records = try live.take(mergeRegions: false, withStats: false)
        let snapshot = try #require(records.first?.snapshots.first)
        #expect(snapshot.regions.map { "\($0.start)-\($0.end)" } == ["4096-8192", "8192-12288", "12288-16384"])
        #expect(snapshot.damosStats == nil)
        #expect(!fs.successfulWrites.contains { $0.value == "update_schemes_stats" })
        // One aggregation interval (100 ms) ending when it was applied.
        #expect(snapshot.endTime == .int(7_000_000_000) && snapshot.startTime == .int(6_900_000_000))
        #expect(live.lastApplied == 7_000_000_000)
        // An empty list where every region should be: a missed interval.
        fs.setRegions([])
        #expect(try live.take(mergeRegions: false, withStats: false).isEmpty)
        try live.finish()
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
    }

    /// A record of a context with several targets: a scheme per target,
    /// limited to it by a `target` filter, so that each target's regions
    /// are a record of that target; one scheme where the kernel has no
    /// target filters (6.3).
    @Test(arguments: [(EmulatedKernelRelease.v6_12, true), (EmulatedKernelRelease(6, 3), false)])
    func recordOfSeveralTargets(_ release: EmulatedKernelRelease, _ split: Bool) throws {
        let fs = SysfsEmulator(release: release)
        fs.emulatesApplyTiming = false
        let ctx = DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 11), DamonTarget(pid: 12)])
        try DamonControl(fs: fs).start([Kdamond(contexts: [ctx])])
        fs.setRegions(Self.regions)
        let before = parameters(fs)
        let live = LiveSnapshots(control: DamonControl(fs: fs), clock: { 1_000_000_000 }, purpose: .record)
        try live.prepare()
        let s = Self.kd + "/0/contexts/0/schemes"
        if split {
            #expect(try fs.read(s + "/nr_schemes") == "2")
            for t in 0...1 {
                #expect(try fs.read(s + "/\(t)/filters/0/type") == "target")
                #expect(try fs.read(s + "/\(t)/filters/0/matching") == "N")
                #expect(try fs.read(s + "/\(t)/filters/0/damon_target_idx") == "\(t)")
            }
            #expect(live.sourceTargets == [0, 1])
            // (the emulator's scripted regions are target 0's: target 1's
            // scheme is tried nowhere, an interval missed for it)
            let records = try live.take(mergeRegions: false, withStats: false)
            #expect(records.map { $0.targetId?.description } == ["0"])
            #expect(records.first?.schemeFilters.map { $0.toString(raw: true) } == ["reject none target 0"])
            // Targets change: the schemes follow.
            try fs.write(Self.kd + "/0/contexts/0/targets/nr_targets", "3")
            for t in 0...2 { try fs.write(Self.kd + "/0/contexts/0/targets/\(t)/pid_target", "\(11 + t)") }
            try fs.write(Self.kd + "/0/state", "commit")
            try live.reinstall()
            #expect(try fs.read(s + "/nr_schemes") == "3")
            #expect(live.sourceTargets == [0, 1, 2])
            try live.finish()
            try fs.write(Self.kd + "/0/contexts/0/targets/nr_targets", "2")
            for t in 0...1 { try fs.write(Self.kd + "/0/contexts/0/targets/\(t)/pid_target", "\(11 + t)") }
        } else {
            #expect(try fs.read(s + "/nr_schemes") == "1")
            #expect(live.sourceTargets == [nil])
            try live.finish()
        }
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
    }

    /// A stat scheme applied every sampling interval (a display's) is not
    /// reused for a record, nor one of the aggregation interval for a
    /// display; an equal one is.
    @Test func reuseNeedsTheRightApplyInterval() throws {
        let intervals = Intervals()
        for (apply, display, record) in [(0, true, true), (5000, true, false), (100_000, false, true), (7, false, false)] {
            var other = Damos(action: .stat)
            other.applyIntervalUs = .int(Int128(apply))
            let fs = try running()
            #expect(LiveSnapshots(control: DamonControl(fs: fs)).isEquivalent(other, intervals) == display, "\(apply)")
            #expect(LiveSnapshots(control: DamonControl(fs: fs), purpose: .record).isEquivalent(other, intervals) == record,
                    "\(apply)")
        }
    }

    /// The applied time comes from watching a file while the write runs:
    /// when it becomes nonzero after being zeroed.
    @Test func appliedClockWatchesTheFile() throws {
        let path = NSTemporaryDirectory() + "applied-\(getpid())"
        defer { unlink(path) }
        try "1234\n".write(toFile: path, atomically: false, encoding: .utf8)
        let now = { LiveSnapshots.monotonicNs() }
        nonisolated(unsafe) var filledAt = (before: 0, after: 0)
        let applied = try AppliedClock.measure(watching: path, clock: now) {
            usleep(20_000)
            try "0\n".write(toFile: path, atomically: false, encoding: .utf8)
            usleep(30_000)
            filledAt.before = now()
            try "4096\n".write(toFile: path, atomically: false, encoding: .utf8)
            filledAt.after = now()
            usleep(30_000)
        }
        let t = try #require(applied)
        #expect(t >= filledAt.before, "applied \(t) before the file was filled at \(filledAt.before)")
        // Unchanged (taken and applied before the first look): the start.
        let start = now()
        let unchanged = try AppliedClock.measure(watching: path, clock: now) { usleep(10_000) }
        let t2 = try #require(unchanged)
        #expect(t2 >= start && t2 <= now())
        // Zero at the end: nothing applied.
        try "0\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try AppliedClock.measure(watching: path, clock: now) { usleep(5_000) } == nil)
        // The write's error comes back.
        #expect(throws: DamonFSError.self) {
            _ = try AppliedClock.measure(watching: path, clock: now) {
                throw DamonFSError(path: "state", errno: EBUSY, operation: "writing")
            }
        }
    }

    @Test func aFailedWriteLeavesTheKernelAsFound() throws {
        // Count the writes of a successful install, then fail each.
        let probe = try running()
        try LiveSnapshots(control: DamonControl(fs: probe)).prepare()
        let writes = probe.writeCount
        #expect(writes > 20)
        for n in 1...writes {
            let fs = try running()
            let before = parameters(fs)
            fs.failWrite(number: n, errno: EINVAL)
            let live = LiveSnapshots(control: DamonControl(fs: fs))
            #expect(throws: (any Error).self, "write \(n)") { try live.prepare() }
            #expect(SysfsEmulator.diff(before, parameters(fs)) == [], "write \(n)")
            #expect(fs.isRunning(kdamond: 0), "write \(n)")
        }
    }

    @Test func linux61HasNoTriedRegions() throws {
        let fs = try running(.v6_1)
        let before = parameters(fs)
        #expect(throws: LiveSnapshotUnsupported.self) { try LiveSnapshots(control: DamonControl(fs: fs)).prepare() }
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
        #expect(!fs.successfulWrites.contains { $0.value == "commit" })
    }

    @Test func mergedRegions() {
        let r = { (s: Int, e: Int, n: Int, a: Int, p: Int) in Region(start: s, end: e, samples: n, aggrIntervals: a, szFilterPassed: p) }
        #expect(LiveSnapshots.merged([r(0, 1, 1, 1, 0), r(1, 2, 1, 1, 0), r(3, 4, 1, 1, 0), r(4, 5, 2, 1, 0)])
                    .map { "\($0.start)-\($0.end)" } == ["0-2", "3-4", "4-5"])
        #expect(LiveSnapshots.merged([r(0, 1, 1, 1, 4), r(1, 2, 1, 1, 0)]).count == 2)
        #expect(LiveSnapshots.merged([]).isEmpty)
    }

    @Test(arguments: SysfsLayout.allCases)
    func undoableStartPutsEverythingBack(_ layout: SysfsLayout) throws {
        let fs = SysfsEmulator(layout: layout)
        let before = parameters(fs)
        let control = DamonControl(fs: fs)
        let ctx = DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 1234)])
        let tx = try control.startUndoable([Kdamond(contexts: [ctx])])
        #expect(fs.isRunning(kdamond: 0))
        // Children become targets through the same transaction.
        try control.commitTargets(0, 0, pids: [1234, 1235], obsolete: [false, false], through: tx)
        #expect(try fs.read(Self.kd + "/0/contexts/0/targets/1/pid_target") == "1235")
        #expect(control.undoStart(tx, kdamonds: 1).isEmpty)
        #expect(!fs.isRunning(kdamond: 0))
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
    }

    @Test func undoingAStartWhoseKdamondEnded() throws {
        let fs = SysfsEmulator(layout: .v6_1)
        let control = DamonControl(fs: fs)
        let before = parameters(fs)
        let tx = try control.startUndoable([Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 77)])])])
        fs.simulateKdamondExit(kdamond: 0)
        #expect(control.undoStart(tx, kdamonds: 1).isEmpty)
        #expect(SysfsEmulator.diff(before, parameters(fs)) == [])
    }
}
