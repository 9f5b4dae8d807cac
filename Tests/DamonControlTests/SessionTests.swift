import DamonEmulator
import DamonModel
import Foundation
import Testing
@testable import DamonKernel

#if canImport(Glibc)
import Glibc
#endif

/// `damo schemes`' session: DAMON on while the command runs, and every
/// file back as it was when it ends, however it ends.
@Suite struct SessionTests {
    func pageoutScheme(pid: Int = 1234) -> [Kdamond] {
        let scheme = Damos(action: .pageout,
                           accessPattern: DamosAccessPattern(szMin: .int(4096), nrAccessesMax: .int(0),
                                                             ageMin: .int(60_000_000)))
        return [Kdamond(contexts: [DamonContext(ops: .vaddr, targets: [DamonTarget(pid: pid)], schemes: [scheme])])]
    }

    /// A kernel that already holds other parameters (a stopped kdamond
    /// with two schemes): they must come back.
    func previouslySetUp(_ fs: SysfsEmulator) throws {
        let k = SysfsEmulator.kdamondsPath
        try fs.write(k + "/nr_kdamonds", "1")
        try fs.write(k + "/0/contexts/nr_contexts", "1")
        try fs.write(k + "/0/contexts/0/operations", "paddr")
        try fs.write(k + "/0/contexts/0/schemes/nr_schemes", "2")
        try fs.write(k + "/0/contexts/0/schemes/1/action", "lru_prio")
        try fs.write(k + "/0/contexts/0/monitoring_attrs/intervals/aggr_us", "200000")
    }

    @Test(arguments: SysfsLayout.allCases, [false, true])
    func endRestoresEverything(_ layout: SysfsLayout, _ kernelStoppedFirst: Bool) throws {
        let fs = SysfsEmulator(layout: layout)
        try previouslySetUp(fs)
        let before = fs.dump()
        let session = try DamonControl(fs: fs).startSession(pageoutScheme())
        #expect(fs.isRunning(kdamond: 0))
        #expect(session.anyRunning())
        #expect(try fs.read(SysfsEmulator.kdamondsPath + "/0/contexts/0/schemes/0/action") == "pageout")
        if kernelStoppedFirst {
            // The target process exited: the kernel ends the kdamond.
            fs.simulateKdamondExit(kdamond: 0)
            #expect(!session.anyRunning())
        }
        #expect(session.end().isEmpty)
        #expect(!fs.isRunning(kdamond: 0))
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
        // Ending twice does nothing more.
        #expect(session.end().isEmpty)
    }

    @Test func fromAnEmptyKernel() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        let before = fs.dump()
        let session = try DamonControl(fs: fs).startSession(pageoutScheme())
        #expect(try fs.read(SysfsEmulator.kdamondsPath + "/nr_kdamonds") == "1")
        #expect(session.end().isEmpty)
        #expect(try fs.read(SysfsEmulator.kdamondsPath + "/nr_kdamonds") == "0")
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    @Test func refusedWhileAnotherKdamondRuns() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        try DamonControl(fs: fs).start(pageoutScheme(pid: 1))
        let before = fs.dump()
        #expect(throws: DamonControlError.self) { try DamonControl(fs: fs).startSession(pageoutScheme()) }
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }

    /// The kernel refusing to turn on (no such process) leaves nothing.
    @Test func failedStartLeavesNothing() throws {
        let fs = SysfsEmulator(layout: .v6_18)
        try previouslySetUp(fs)
        fs.setLivePids([])
        let before = fs.dump()
        #expect(throws: DamonFSError.self) { try DamonControl(fs: fs).startSession(pageoutScheme()) }
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
    }
}
