import DamonEmulator
import DamonModel
import Testing
@testable import DamonKernel

#if canImport(Glibc)
import Glibc
#endif

/// `damo schemes`' and `damo record`'s session through the debugfs
/// interface: DAMON on while the command runs, and every debugfs file back
/// as it was found when it ends, however it ends; live snapshots refused
/// with nothing written (debugfs has no tried regions).
@Suite struct DebugfsSessionTests {
    static let d = DebugfsEmulator.root

    func control(_ fs: DebugfsEmulator) -> DamonControl { DamonControl(fs: fs, interface: .debugfs) }

    func pageout(pid: Int = 1234) -> Kdamond {
        let scheme = Damos(action: .pageout,
                           accessPattern: DamosAccessPattern(szMin: .int(4096), nrAccessesMax: .int(0),
                                                             ageMin: .int(60_000_000)))
        return Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: pid)], schemes: [scheme])])
    }

    func paddr() -> Kdamond {
        Kdamond(contexts: [DamonContext(ops: .paddr, targets: [DamonTarget(regions: [AddressRange(1 << 32, 1 << 33)])],
                                        schemes: [Damos(action: .stat)])])
    }

    func previouslySetUp(_ layout: DebugfsLayout = .v6_1) throws -> DebugfsEmulator {
        try DebugfsEmulator.previouslySetUp(layout: layout, livePids: [1234])
    }

    @Test(arguments: [DebugfsLayout.v6_1, .v5_17], [false, true])
    func endRestoresEveryFile(_ layout: DebugfsLayout, _ kernelStoppedFirst: Bool) throws {
        let fs = try previouslySetUp(layout)
        let before = fs.dump()
        let session = try control(fs).startSession([pageout(), paddr()])
        #expect(session.sysfsTransaction == nil)
        #expect(fs.isRunning(context: 0) && fs.isRunning(context: 1))
        #expect(fs.contextNames == ["ctx1"])
        #expect(session.anyRunning())
        fs.setRegions([EmulatedRegion(start: 0, end: 1 << 20, nrAccesses: 0, age: 1000)])
        fs.aggregate(times: 3)
        if kernelStoppedFirst {
            // The target process exited: the kernel ends the kdamond (and
            // drops its pid targets).
            fs.simulateContextExit(0)
            fs.simulateContextExit(1)
            #expect(!session.anyRunning())
        }
        #expect(session.end() == [])
        #expect(!fs.anyRunning)
        #expect(fs.contextNames == ["other"])
        #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
        // Ending twice does nothing more.
        fs.log.clearWriteLog()
        #expect(session.end() == [])
        #expect(fs.log.writeLog.isEmpty)
    }

    /// The exact writes of a session's end: off once, then only what the
    /// start wrote, contexts it made removed and the one it removed made
    /// again.
    @Test func endWrites() throws {
        let fs = try previouslySetUp()
        let session = try control(fs).startSession([pageout(), paddr()])
        fs.log.clearWriteLog()
        #expect(session.end() == [])
        let writes = fs.log.writeLog.map {
            String($0.path.dropFirst(Self.d.count + 1)) + " " + $0.value + ($0.succeeded ? "" : " (refused)")
        }
        #expect(writes == [
            "monitor_on off",
            "attrs 10000 200000 2000000 20 200",
            "target_ids 77",
            "init_regions 0 4096 8192",
            "schemes 0 1 0 1 0 1 5 0 0 0 0 0 0 0 0 0 0 0",
            "rm_contexts ctx1",
            "mk_contexts other",
            "other/attrs 5000 100000 60000000 10 1000",
            "other/target_ids paddr\n",
            "other/schemes \n",
        ])
    }

    /// A write of the end failing is named, the rest still restored.
    @Test func failedRestoreIsReported() throws {
        let fs = try previouslySetUp()
        let session = try control(fs).startSession([pageout()])
        fs.log.failNextWrite(errno: EIO) { path, _ in path.hasSuffix("/attrs") }
        let failures = session.end()
        #expect(failures.count == 1)
        #expect(failures.first?.contains("attrs") == true)
        #expect(try fs.read("\(Self.d)/target_ids") == "77")
        #expect(try fs.read("\(Self.d)/schemes").hasPrefix("0 1 0 1 0 1 5"))
        #expect(fs.contextNames == ["other"])
    }

    /// A failing start (every write in turn) leaves the files as found and
    /// gives no session.
    @Test func failedStartLeavesNothing() throws {
        let total: Int
        do {
            let fs = try previouslySetUp()
            _ = try control(fs).startSession([pageout(), paddr()])
            total = fs.log.writeLog.count
        }
        for n in 1...total {
            let fs = try previouslySetUp()
            let before = fs.dump()
            fs.log.failWrite(number: n, errno: EINVAL)
            #expect(throws: (any Error).self) { try control(fs).startSession([pageout(), paddr()]) }
            #expect(!fs.anyRunning)
            #expect(DebugfsEmulator.diff(before, fs.dump()) == [], "write \(n)")
        }
    }

    /// No live snapshot through debugfs (no tried regions): refused before
    /// anything is written, so the running DAMON is left alone.
    @Test func liveSnapshotsAreRefusedUntouched() throws {
        let fs = try previouslySetUp()
        try control(fs).start([pageout()])
        fs.log.clearWriteLog()
        for purpose in [LiveSnapshots.Purpose.display, .record] {
            let snapshots = LiveSnapshots(control: control(fs), purpose: purpose)
            #expect(throws: LiveSnapshotUnsupported.self) { try snapshots.prepare() }
            #expect(throws: LiveSnapshotUnsupported.self) { try snapshots.use([(0, 0, 0)]) }
            try snapshots.finish()
        }
        #expect(fs.log.writeLog.isEmpty)
        #expect(fs.isRunning(context: 0))
    }
}
