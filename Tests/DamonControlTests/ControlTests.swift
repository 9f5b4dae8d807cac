import Foundation
import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel

#if canImport(Glibc)
import Glibc
#endif

/// start, tune, stop and status through the sysfs backend, against the
/// emulated kernel: the writes damo makes, and the kernel left as it was
/// when any of them fails.
@Suite struct ControlTests {
    static let kdamonds = "kernel/mm/damon/admin/kdamonds"

    /// vaddr of one process with a stat scheme, quotas, watermarks and
    /// filters: the shape of `damo start --damos_action stat ... PID`.
    func vaddrWithScheme(pid: Int = 1234) -> [Kdamond] {
        let scheme = Damos(
            action: .pageout,
            accessPattern: DamosAccessPattern(szMin: .int(4096), nrAccessesMin: .int(0), nrAccessesMax: .int(0),
                                              ageMin: .int(5_000_000)),
            quotas: DamosQuotas(timeMs: .int(10), szBytes: .int(128 << 20), resetIntervalMs: .int(1000),
                                weightSzPermil: .int(0), weightNrAccessesPermil: .int(1),
                                weightAgePermil: .int(1)),
            watermarks: DamosWatermarks(metric: .freeMemRate, intervalUs: .int(5_000_000),
                                        highPermil: .int(500), midPermil: .int(400), lowPermil: .int(200)),
            filters: [DamosFilter(filterType: "anon", matching: true, allow: false),
                      DamosFilter(filterType: "addr", matching: true, allow: false,
                                  addressRange: Region(start: 0, end: 4096))])
        let context = DamonContext(ops: .vaddr, targets: [DamonTarget(pid: pid)], schemes: [scheme])
        return [Kdamond(contexts: [context])]
    }

    func paddr() -> [Kdamond] {
        [Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start: .int(1 << 32), end: .int(1 << 34))]),
        ])])]
    }

    @Test(arguments: SysfsLayout.allCases)
    func startWritesParametersThenTurnsOn(_ layout: SysfsLayout) throws {
        let fs = SysfsEmulator(layout: layout)
        var kdamonds = vaddrWithScheme()
        if layout == .v6_1 { kdamonds[0].contexts[0].schemes[0].filters = [] }
        try DamonControl(fs: fs).start(kdamonds)
        #expect(fs.isRunning(kdamond: 0))
        let writes = fs.successfulWrites.map { "\($0.path.replacingOccurrences(of: Self.kdamonds + "/", with: ""))=\($0.value)" }
        #expect(writes.first == "nr_kdamonds=1")
        #expect(writes.last == "0/state=on")
        #expect(writes.contains("0/contexts/0/operations=vaddr"))
        #expect(writes.contains("0/contexts/0/targets/0/pid_target=1234"))
        // 5 s of age in 100 ms aggregation intervals.
        #expect(writes.contains("0/contexts/0/schemes/0/access_pattern/age/min=50"))
        #expect(writes.contains("0/contexts/0/schemes/0/watermarks/metric=free_mem_rate"))
        if layout == .v6_18 {
            #expect(writes.contains("0/contexts/0/schemes/0/core_filters/0/type=addr"))
            #expect(writes.contains("0/contexts/0/schemes/0/ops_filters/0/type=anon"))
        }
        // What the kernel now holds reads back as what was asked for.
        let status = try DamonControl(fs: fs).status()
        #expect(status[0].state == "on")
        #expect(status[0].contexts[0].targets == kdamonds[0].contexts[0].targets)
        #expect(status[0].contexts[0].schemes[0].quotas.szBytes == .int(128 << 20))
        #expect(status[0].contexts[0].schemes[0].filters.count == kdamonds[0].contexts[0].schemes[0].filters.count)
    }

    @Test func olderKernelLacksFiltersClearly() throws {
        let fs = SysfsEmulator(layout: .v6_1)
        let before = fs.dump()
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(vaddrWithScheme()) }
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    /// Every write of `start` failing in turn: the kernel ends as it began.
    @Test(arguments: [EINVAL, EBUSY, ENOENT])
    func startRollsBackAtEveryStep(_ code: Int32) throws {
        let total: Int
        do {
            let fs = SysfsEmulator()
            try DamonControl(fs: fs).start(vaddrWithScheme())
            total = fs.writeLog.count
        }
        #expect(total > 30)
        for n in 1...total {
            let fs = SysfsEmulator()
            let before = fs.dump()
            fs.failWrite(number: n, errno: code)
            #expect(throws: DamonFSError.self) { try DamonControl(fs: fs).start(vaddrWithScheme()) }
            #expect(!fs.isRunning(kdamond: 0))
            let diff = SysfsEmulator.diff(before, fs.dump())
            #expect(diff.isEmpty, "write \(n) failing left: \(diff.prefix(5))")
        }
    }

    @Test func startRefusesWhileRunning() throws {
        let fs = SysfsEmulator()
        try DamonControl(fs: fs).start(paddr())
        fs.clearWriteLog()
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(paddr()) }
        #expect(fs.writeLog.isEmpty)
    }

    @Test func kernelRejectsBadPid() throws {
        let fs = SysfsEmulator()
        fs.setLivePids([1])
        let before = fs.dump()
        #expect(throws: DamonFSError.self) { try DamonControl(fs: fs).start(vaddrWithScheme(pid: 999_999)) }
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    @Test func tuneCommitsAndRollsBackAtEveryStep() throws {
        var tuned = vaddrWithScheme()
        tuned[0].contexts[0].intervals = Intervals(sample: .int(10_000), aggr: .int(200_000))
        tuned[0].contexts[0].schemes.append(Damos(action: .stat))
        let total: Int
        do {
            let fs = SysfsEmulator()
            try DamonControl(fs: fs).start(vaddrWithScheme())
            fs.clearWriteLog()
            try DamonControl(fs: fs).tune(tuned)
            total = fs.writeLog.count
            #expect(fs.successfulWrites.last?.value == "commit")
            let status = try DamonControl(fs: fs).status()
            #expect(status[0].contexts[0].intervals.aggr == .int(200_000))
            #expect(status[0].contexts[0].schemes.count == 2)
        }
        for n in 1...total {
            let fs = SysfsEmulator()
            try DamonControl(fs: fs).start(vaddrWithScheme())
            let before = fs.dump()
            fs.failWrite(number: n, errno: EINVAL)
            #expect(throws: (any Error).self) { try DamonControl(fs: fs).tune(tuned) }
            #expect(fs.isRunning(kdamond: 0))
            let diff = SysfsEmulator.diff(before, fs.dump()).filter { !$0.contains("/stats/") }
            #expect(diff.isEmpty, "tune write \(n) failing left: \(diff.prefix(5))")
        }
    }

    @Test func stopTurnsOffAndToleratesExitedKdamond() throws {
        let fs = SysfsEmulator()
        try DamonControl(fs: fs).start(paddr())
        try DamonControl(fs: fs).stop()
        #expect(!fs.isRunning(kdamond: 0))
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).stop() }

        try DamonControl(fs: fs).start(paddr())
        fs.simulateKdamondExit(kdamond: 0)
        // It stopped by itself: nothing is running any more.
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).stop() }
    }

    @Test func statusUpdatesStatsAndTriedRegions() throws {
        let fs = SysfsEmulator()
        fs.setRegions([EmulatedRegion(start: 1 << 32, end: (1 << 32) + 8192, nrAccesses: 3, age: 2)])
        var params = paddr()
        params[0].contexts[0].schemes = [Damos(action: .stat)]
        try DamonControl(fs: fs).start(params)
        let status = try DamonControl(fs: fs).status(triedRegions: true)
        let scheme = status[0].contexts[0].schemes[0]
        #expect((scheme.stats?.nrTried ?? .int(0)) > .int(0))
        #expect(scheme.triedRegions?.first?.samples == 3)
    }

    @Test func missingInterfaceIsClear() {
        let fs = SysfsEmulator(damonPresent: false)
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(paddr()) }
    }
}
