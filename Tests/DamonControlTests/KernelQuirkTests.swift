import Testing
import DamonEmulator
@testable import DamonKernel
import DamonModel

/// What older kernels do differently, as the VM tier saw on Linux 6.1:
/// damo says so clearly and leaves DAMON as it was.
@Suite struct KernelQuirkTests {
    func vaddr(pid: Int = 1234, nrRegions: NrRegionsRange = NrRegionsRange()) -> [Kdamond] {
        [Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: pid)], nrRegions: nrRegions)])]
    }

    /// 6.1 takes a 'commit' of values it cannot use and ends the kdamond;
    /// tune puts the old values back and starts it again.
    @Test func tuneRestartsKdamondThatCommitEnded() throws {
        let fs = SysfsEmulator(layout: .v6_1)
        try DamonControl(fs: fs).start(vaddr())
        let before = fs.dump()
        let error = #expect(throws: DamonControlError.self) {
            try DamonControl(fs: fs).tune(vaddr(nrRegions: NrRegionsRange(min: .int(1), max: .int(100))))
        }
        #expect(error?.description.contains("kdamond 0 ended on 'commit'") == true)
        #expect(error?.description.contains("restarted with its previous parameters") == true)
        #expect(fs.isRunning(kdamond: 0))
        let diff = SysfsEmulator.diff(before, fs.dump()).filter { !$0.contains("/pid") && !$0.contains("/stats/") }
        #expect(diff.isEmpty, "left: \(diff.prefix(5))")
    }

    /// The newer kernels refuse such a commit outright: no restart needed.
    @Test func tuneOnNewerKernelRollsBackRefusedCommit() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        try DamonControl(fs: fs).start(vaddr())
        let before = fs.dump()
        #expect(throws: DamonFSError.self) {
            try DamonControl(fs: fs).tune(vaddr(nrRegions: NrRegionsRange(min: .int(1), max: .int(100))))
        }
        #expect(fs.isRunning(kdamond: 0))
        #expect(SysfsEmulator.diff(before, fs.dump()).filter { !$0.contains("/stats/") }.isEmpty)
    }

    @Test(arguments: SysfsLayout.allCases)
    func twoContextsInOneKdamondAreRefusedByName(_ layout: SysfsLayout) throws {
        let fs = SysfsEmulator(layout: layout)
        let before = fs.dump()
        let context = DamonContext(ops: .vaddr, targets: [DamonTarget(pid: 1234)])
        let error = #expect(throws: DamonControlError.self) {
            try DamonControl(fs: fs).start([Kdamond(contexts: [context, context])])
        }
        #expect(error?.description.contains("only one context per kdamond") == true)
        #expect(error?.description.contains("nr_contexts") == true)
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    @Test func migrationActionOnKernelWithoutTargetNid() throws {
        let fs = SysfsEmulator(layout: .v6_1)
        let before = fs.dump()
        var params = vaddr()
        params[0].contexts[0].schemes = [Damos(action: .migrateHot, targetNid: 0)]
        let error = #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).start(params) }
        #expect(error?.description.contains("does not support the DAMOS action 'migrate_hot'") == true)
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
        #expect(!fs.isRunning(kdamond: 0))
    }
}
