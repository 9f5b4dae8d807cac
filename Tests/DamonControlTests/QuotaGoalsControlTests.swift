import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel

#if canImport(Glibc)
import Glibc
#endif

/// `tune --quota_goals_only` and the effective quotas `status` reads, on
/// the emulated 6.12 (requests answered at once here).
@Suite struct QuotaGoalsControlTests {
    static let kd = "kernel/mm/damon/admin/kdamonds"

    func kdamonds(current: Int) -> [Kdamond] {
        var scheme = Damos(action: .stat)
        scheme.quotas = DamosQuotas(resetIntervalMs: .int(1000), goals: [
            DamosQuotaGoal(metric: .userInput, targetValue: .int(10000), currentValue: .int(Int128(current))),
        ])
        return [Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 1234)], schemes: [scheme])])]
    }

    func running() throws -> SysfsEmulator {
        let fs = SysfsEmulator(layout: .v6_12)
        fs.emulatesApplyTiming = false
        try DamonControl(fs: fs).start(kdamonds(current: 2000))
        fs.clearWriteLog()
        return fs
    }

    @Test func writesOnlyTheGoalsAndCommitsThem() throws {
        let fs = try running()
        try DamonControl(fs: fs).commitQuotaGoals(kdamonds(current: 30000))
        let writes = fs.successfulWrites.map { $0.path.replacingOccurrences(of: Self.kd + "/", with: "") + "=" + $0.value }
        #expect(writes.allSatisfy { $0.contains("/quotas/goals/") || $0 == "0/state=commit_schemes_quota_goals" }, "\(writes)")
        #expect(writes.last == "0/state=commit_schemes_quota_goals")
        #expect(try fs.read(Self.kd + "/0/contexts/0/schemes/0/quotas/goals/0/current_value") == "30000")
        #expect(fs.isRunning(kdamond: 0))
    }

    @Test func refusesOtherSchemesThanTheRunningOnes() throws {
        let fs = try running()
        var two = kdamonds(current: 1)
        two[0].contexts[0].schemes.append(Damos(action: .stat))
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).commitQuotaGoals(two) }
        #expect(fs.successfulWrites.isEmpty)
    }

    /// A refused write puts the old goals back.
    @Test func aFailureLeavesTheGoalsAsFound() throws {
        let fs = try running()
        let before = fs.dump()
        fs.failNextWrite(toPathEndingWith: "/state", errno: EINVAL)
        #expect(throws: DamonFSError.self) { try DamonControl(fs: fs).commitQuotaGoals(kdamonds(current: 30000)) }
        #expect(SysfsEmulator.diff(before, fs.dump()) == [])
    }

    /// status asks 6.9+ for the effective quotas; 6.1 has none.
    @Test(arguments: [(SysfsLayout.v6_1, false), (.v6_12, true)])
    func statusUpdatesEffectiveQuotas(_ layout: SysfsLayout, _ asks: Bool) throws {
        let fs = SysfsEmulator(layout: layout)
        fs.emulatesApplyTiming = false
        var k = kdamonds(current: 1)
        if layout == .v6_1 { k[0].contexts[0].schemes[0].quotas.goals = [] }
        try DamonControl(fs: fs).start(k)
        fs.setEffectiveQuota(scheme: 0, bytes: 12345)
        let status = try DamonControl(fs: fs).status()
        #expect(fs.successfulWrites.contains { $0.value == "update_schemes_effective_quotas" } == asks)
        #expect(status[0].contexts[0].schemes[0].quotas.effectiveSzBytes == .int(asks ? 12345 : 0))
    }
}
