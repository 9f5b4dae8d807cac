import DamonEmulator
import DamonModel
import Testing
@testable import DamonKernel

#if canImport(Glibc)
import Glibc
#endif

/// start, stop and status through the debugfs interface, against the
/// emulated kernel: the exact writes, and the kernel left as it was found
/// whenever one fails.
@Suite struct DebugfsControlTests {
    static let d = DebugfsEmulator.root

    func control(_ fs: DebugfsEmulator) -> DamonControl { DamonControl(fs: fs, interface: .debugfs) }

    func writes(_ fs: DebugfsEmulator) -> [String] {
        fs.log.successfulWrites.map { String($0.path.dropFirst(Self.d.count + 1)) + " " + $0.value }
    }

    /// `damo start --damos_action pageout --damos_access_rate 0% 0% --damos_age 5s max PID`.
    func vaddr(pids: [Int] = [1234]) -> [Kdamond] {
        let scheme = Damos(
            action: .pageout,
            accessPattern: DamosAccessPattern(szMin: .int(4096), nrAccessesMin: .int(0), nrAccessesMax: .int(0),
                                              ageMin: .int(5_000_000)),
            quotas: DamosQuotas(timeMs: .int(10), szBytes: .int(128 << 20), resetIntervalMs: .int(1000),
                                weightAgePermil: .int(1)),
            watermarks: DamosWatermarks(metric: .freeMemRate, intervalUs: .int(5_000_000),
                                        highPermil: .int(500), midPermil: .int(400), lowPermil: .int(200)))
        return [Kdamond(contexts: [DamonContext(ops: .vaddr, targets: pids.map { DamonTarget(pid: $0) },
                                                schemes: [scheme])])]
    }

    func paddr(_ start: Int = 1 << 32, _ end: Int = 1 << 33) -> Kdamond {
        Kdamond(contexts: [DamonContext(ops: .paddr, targets: [
            DamonTarget(regions: [AddressRange(start, end)]),
        ], schemes: [Damos(action: .stat)])])
    }

    @Test func vaddrStartWritesThenTurnsOn() throws {
        let fs = DebugfsEmulator(layout: .v6_1)
        fs.setLivePids([1234])
        try control(fs).start(vaddr())
        #expect(writes(fs) == [
            "attrs 5000 100000 1000000 10 1000 ",
            "target_ids 1234",
            // 5 s of age in 100 ms aggregation intervals; no age limit is
            // the largest %u.
            "schemes 4096\t18446744073709551615\t0\t0\t50\t4294967295\t2\t10\t134217728\t1000\t0\t0\t1\t1\t5000000\t500\t400\t200",
            "monitor_on on",
        ])
        #expect(fs.isRunning(context: 0))
        let status = try control(fs).status()
        #expect(status.count == 1)
        #expect(status[0].state == "on")
        #expect(status[0].pid != nil)
        let context = status[0].contexts[0]
        #expect(context.ops == .vaddr)
        #expect(context.targets == [DamonTarget(pid: 1234)])
        #expect(context.intervals == Intervals(sample: .int(5000), aggr: .int(100_000), opsUpdate: .int(1_000_000)))
        let scheme = context.schemes[0]
        #expect(scheme.action == .pageout)
        // Read back as damo shows debugfs schemes: percent and microseconds.
        #expect(scheme.accessPattern == DamosAccessPattern(
            szMin: .int(4096), nrAccessesMin: .float(0), nrAccessesMax: .float(0), nrAccessesUnit: .percent,
            ageMin: .int(5_000_000), ageMax: .int(4_294_967_295 * 100_000), ageUnit: .usec))
        #expect(scheme.quotas.szBytes == .int(128 << 20))
        #expect(scheme.watermarks.metric == .freeMemRate)
        #expect(try control(fs).runningKdamonds() == [0])
    }

    @Test func paddrAndSeveralKdamondsUseContexts() throws {
        let fs = DebugfsEmulator(layout: .v6_1)
        fs.setLivePids([1234])
        try control(fs).start(vaddr() + [paddr(), paddr(1 << 34, 1 << 35)])
        #expect(writes(fs) == [
            "mk_contexts ctx1",
            "mk_contexts ctx2",
            "attrs 5000 100000 1000000 10 1000 ",
            "target_ids 1234",
            "schemes 4096\t18446744073709551615\t0\t0\t50\t4294967295\t2\t10\t134217728\t1000\t0\t0\t1\t1\t5000000\t500\t400\t200",
            "ctx1/attrs 5000 100000 1000000 10 1000 ",
            "ctx1/target_ids paddr\n",
            "ctx1/init_regions 0 4294967296 8589934592",
            "ctx1/schemes 0\t18446744073709551615\t0\t4294967295\t0\t4294967295\t5\t0\t0\t18446744073709551615\t0\t0\t0\t0\t0\t0\t0\t0",
            "ctx2/attrs 5000 100000 1000000 10 1000 ",
            "ctx2/target_ids paddr\n",
            "ctx2/init_regions 0 17179869184 34359738368",
            "ctx2/schemes 0\t18446744073709551615\t0\t4294967295\t0\t4294967295\t5\t0\t0\t18446744073709551615\t0\t0\t0\t0\t0\t0\t0\t0",
            "monitor_on on",
        ])
        #expect((0..<3).allSatisfy { fs.isRunning(context: $0) })
        fs.setRegions(context: 1, [EmulatedRegion(start: 1 << 32, end: (1 << 32) + 4096, nrAccesses: 2, age: 7)])
        fs.aggregate(times: 2)
        let status = try control(fs).status()
        #expect(status.map { $0.contexts[0].ops } == [.vaddr, .paddr, .paddr])
        #expect(status[1].contexts[0].targets == [DamonTarget()])
        #expect(status[1].contexts[0].schemes[0].stats?.nrTried == .int(2))
        #expect(status[1].contexts[0].schemes[0].stats?.szTried == .int(8192))

        try control(fs).stop()
        #expect(!fs.anyRunning)
        // Off: the kdamonds destroyed their regions when they ended.
        let off = try control(fs).status()
        #expect(off[2].contexts[0].targets == [DamonTarget()])
        #expect(off.allSatisfy { $0.state == "off" && $0.pid == nil })

        // One kdamond again: the extra contexts go.
        fs.log.clearWriteLog()
        try control(fs).start([paddr()])
        #expect(writes(fs).prefix(2) == ["rm_contexts ctx1", "rm_contexts ctx2"])
        #expect(fs.contextNames.isEmpty)
    }

    /// Every write of a start failing in turn leaves the kernel as it was,
    /// with its old contexts and their parameters.
    @Test(arguments: [EINVAL, EBUSY, ENOMEM])
    func startRollsBackAtEveryStep(_ code: Int32) throws {
        func prepared() throws -> DebugfsEmulator { try DebugfsEmulator.previouslySetUp(livePids: [1234]) }
        let params = vaddr() + [paddr(), paddr(1 << 34, 1 << 35)]
        let total: Int
        do {
            let fs = try prepared()
            try control(fs).start(params)
            total = fs.log.writeLog.count
        }
        #expect(total == 15)
        for n in 1...total {
            let fs = try prepared()
            let before = fs.dump()
            fs.log.failWrite(number: n, errno: code)
            #expect(throws: (any Error).self) { try control(fs).start(params) }
            #expect(!fs.anyRunning)
            #expect(fs.contextNames == ["other"])
            let diff = DebugfsEmulator.diff(before, fs.dump())
            #expect(diff.isEmpty, "write \(n) failing left: \(diff.prefix(5))")
        }
    }

    @Test func kernelRefusalsRollBack() throws {
        let fs = DebugfsEmulator(layout: .v6_1)
        fs.setLivePids([1])
        let before = fs.dump()
        // A pid of no process: the kernel's ENOMEM, explained.
        do {
            try control(fs).start(vaddr(pids: [999_999]))
            Issue.record("started with a missing pid")
        } catch let e as DamonControlError {
            #expect(e.message.contains("is there a process of each target pid: 999999?"))
        }
        // Overlapping regions.
        var overlapping = paddr()
        overlapping.contexts[0].targets[0].regions.append(AddressRange(1 << 32, 1 << 34))
        #expect(throws: DamonFSError.self) { try control(fs).start([overlapping]) }
        #expect(DebugfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    /// Files a failed start did not reach keep everything, statistics too.
    @Test func untouchedFilesKeepTheirStatistics() throws {
        let fs = DebugfsEmulator()
        fs.setLivePids([1234])
        try control(fs).start(vaddr())
        fs.setRegions([EmulatedRegion(start: 0, end: 1 << 20, nrAccesses: 0, age: 100)])
        fs.aggregate(times: 4)
        try control(fs).stop()
        try fs.write("\(Self.d)/target_ids", "1234")
        let before = fs.dump()
        #expect(before["\(Self.d)/schemes"]?.hasSuffix(" 4 4194304 4 4194304 0") == true)
        #expect(throws: DamonControlError.self) { try control(fs).start(vaddr(pids: [999])) }
        fs.setLivePids([1234])
        #expect(DebugfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    @Test func olderKernels() throws {
        // 5.17: init_regions by target id.
        let v517 = DebugfsEmulator(layout: .v5_17)
        try control(v517).start([paddr()])
        #expect(writes(v517).contains("init_regions 42 4294967296 8589934592"))
        #expect(try v517.read("\(Self.d)/target_ids") == "42")
        var withRegions = vaddr()
        withRegions[0].contexts[0].targets[0].regions = [AddressRange(4096, 8192)]
        let v516 = DebugfsEmulator(layout: .v5_16)
        try control(v516).start(withRegions)
        #expect(writes(v516).contains("init_regions 1234 4096 8192"))
        v516.aggregate()
        #expect(try control(v516).status()[0].contexts[0].schemes[0].stats?.nrApplied == .int(0))
        // 5.15: no schemes, no paddr.
        let v515 = DebugfsEmulator(layout: .v5_15)
        let before = v515.dump()
        #expect(throws: DamonControlError.self) { try control(v515).start(vaddr()) }
        #expect(v515.log.writeLog.isEmpty)
        var plain = paddr()
        plain.contexts[0].schemes = []
        plain.contexts[0].targets[0].regions = []
        do {
            try control(v515).start([plain])
            Issue.record("paddr started on 5.15")
        } catch let e as DamonControlError {
            #expect(e.message.contains("does not support paddr"))
        }
        #expect(DebugfsEmulator.diff(before, v515.dump()).isEmpty)
    }

    @Test func unsupportedParametersWriteNothing() throws {
        var cases: [[Kdamond]] = []
        var k = vaddr()
        k[0].contexts[0].schemes[0].action = .lruPrio
        cases.append(k)
        k = vaddr()
        k[0].contexts[0].schemes[0].filters = [DamosFilter(filterType: "anon", matching: true, allow: false)]
        cases.append(k)
        k = vaddr()
        k[0].contexts[0].ops = .fvaddr
        cases.append(k)
        k = vaddr()
        k[0].contexts.append(k[0].contexts[0])
        cases.append(k)
        cases.append([Kdamond(contexts: [DamonContext(ops: .vaddr)])])
        k = vaddr()
        k[0].contexts[0].intervals.goal = IntervalsGoal(accessBp: .int(400), aggrs: .int(3),
                                                        minSampleUs: .int(5000), maxSampleUs: .int(10_000_000))
        cases.append(k)
        for kdamonds in cases {
            let fs = DebugfsEmulator()
            #expect(throws: DamonControlError.self) { try control(fs).start(kdamonds) }
            #expect(fs.log.writeLog.isEmpty)
        }
    }

    @Test func runningStatesAreRespected() throws {
        let fs = DebugfsEmulator()
        fs.setLivePids([1234])
        try control(fs).start(vaddr())
        fs.log.clearWriteLog()
        #expect(throws: DamonControlError.self) { try control(fs).start(vaddr()) }
        // No tuning through debugfs: refused before any write.
        #expect(throws: DamonControlError.self) { try control(fs).tune(vaddr()) }
        #expect(fs.log.writeLog.isEmpty)
        // A context that ended by itself: stop is done, then nothing runs.
        fs.simulateContextExit(0)
        #expect(throws: DamonControlError.self) { try control(fs).stop() }

        let other = DebugfsEmulator()
        other.otherRunningContexts = 1
        do {
            try control(other).start(vaddr())
            Issue.record("started while sysfs runs")
        } catch let e as DamonControlError {
            #expect(e.message.contains("another interface"))
        }
        #expect(throws: DamonControlError.self) { try control(other).stop() }
        #expect(other.log.writeLog.isEmpty)
    }

    @Test func interfaceSelection() throws {
        // No sysfs: debugfs is found.
        let fs = DebugfsEmulator()
        fs.setLivePids([1234])
        try DamonControl(fs: fs).start(vaddr())
        #expect(fs.isRunning(context: 0))
        // sysfs asked for and absent: a clear error, nothing written.
        let none = DebugfsEmulator(present: false)
        #expect(throws: DamonControlError.self) { try DamonControl(fs: none).stop() }
        #expect(throws: DamonControlError.self) { try DamonControl(fs: none, interface: .debugfs).stop() }
        do {
            try DamonControl(fs: fs, interface: .sysfs).stop()
        } catch let e as DamonControlError {
            #expect(e.message.contains("DAMON sysfs interface not found"))
        }
        // A renamed monitor_on works the same.
        let renamed = DebugfsEmulator(deprecatedNames: true)
        renamed.setLivePids([1234])
        try DamonControl(fs: renamed).start(vaddr())
        try DamonControl(fs: renamed).stop()
        #expect(!renamed.anyRunning)
    }

    @Test func debugLogPrintsAccesses() throws {
        let fs = DebugfsEmulator()
        var lines: [String] = []
        let logged = LoggingDamonFS(fs, shownPath: { "/sys/" + $0 }, output: { lines.append($0) })
        try logged.write("\(Self.d)/attrs", "5000 100000 1000000 10 1000 ")
        _ = try logged.read("\(Self.d)/monitor_on")
        #expect(lines == ["write '5000 100000 1000000 10 1000' to '/sys/kernel/debug/damon/attrs'",
                          "read '/sys/kernel/debug/damon/monitor_on': 'off'"])
    }
}
