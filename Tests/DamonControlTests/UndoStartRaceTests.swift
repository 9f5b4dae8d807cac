import DamonEmulator
import DamonModel
import Testing
@testable import DamonKernel

/// The kernel ending a kdamond (its target exited) just as damo turns it
/// off: undoing the start (record's end, schemes' end) is still clean.
@Suite struct UndoStartRaceTests {
    /// The emulator, whose kdamond 0 exits right before damo's 'off'.
    final class ExitBeforeOff: DamonFS {
        let fs: SysfsEmulator
        var exited = false
        init(_ fs: SysfsEmulator) { self.fs = fs }
        func read(_ path: String) throws(DamonFSError) -> String { try fs.read(path) }
        func write(_ path: String, _ value: String) throws(DamonFSError) {
            if !exited && value == "off" && path.hasSuffix("kdamonds/0/state") {
                exited = true
                fs.simulateKdamondExit(kdamond: 0)
            }
            try fs.write(path, value)
        }
        func list(_ path: String) throws(DamonFSError) -> [String] { try fs.list(path) }
        func exists(_ path: String) -> Bool { fs.exists(path) }
        func isDirectory(_ path: String) -> Bool { fs.isDirectory(path) }
    }

    static func kdamonds() -> [Kdamond] {
        let target = DamonTarget(pid: nil, regions: [AddressRange(4096, 1 << 20)])
        return [Kdamond(contexts: [DamonContext(ops: .paddr, targets: [target], schemes: [Damos(action: .pageout)])])]
    }

    @Test func sessionEndsCleanly() throws {
        let emulator = SysfsEmulator(layout: .v6_18)
        let before = emulator.dump()
        let fs = ExitBeforeOff(emulator)
        let session = try DamonControl(fs: fs).startSession(Self.kdamonds())
        #expect(session.end() == [])
        #expect(fs.exited)
        #expect(!emulator.isRunning(kdamond: 0))
        #expect(SysfsEmulator.diff(before, emulator.dump()).isEmpty)
    }

    @Test func undoStartEndsCleanly() throws {
        let emulator = SysfsEmulator(layout: .v6_1)
        let fs = ExitBeforeOff(emulator)
        let control = DamonControl(fs: fs)
        let tx = try control.startUndoable(Self.kdamonds())
        #expect(control.undoStart(tx, kdamonds: 1) == [])
        #expect(fs.exited)
    }

    /// debugfs: the context ends by itself just after damo's first look at
    /// kdamond_pid, so stop() finds nothing running.  Undoing the start
    /// (schemes' end when its workload exits) is still clean.
    final class DebugfsExitAfterLook: DamonFS {
        let fs: DebugfsEmulator
        var armed = false
        var exited = false
        init(_ fs: DebugfsEmulator) { self.fs = fs }
        func read(_ path: String) throws(DamonFSError) -> String {
            let value = try fs.read(path)
            if armed && !exited && path.hasSuffix("/kdamond_pid") {
                exited = true
                fs.simulateContextExit(0)
            }
            return value
        }
        func write(_ path: String, _ value: String) throws(DamonFSError) { try fs.write(path, value) }
        func list(_ path: String) throws(DamonFSError) -> [String] { try fs.list(path) }
        func exists(_ path: String) -> Bool { fs.exists(path) }
        func isDirectory(_ path: String) -> Bool { fs.isDirectory(path) }
    }

    @Test func debugfsSessionEndsCleanly() throws {
        let emulator = DebugfsEmulator(layout: .v6_1)
        let before = emulator.dump()
        let fs = DebugfsExitAfterLook(emulator)
        let session = try DamonControl(fs: fs, interface: .debugfs).startSession(Self.kdamonds())
        #expect(emulator.isRunning(context: 0))
        fs.armed = true
        #expect(session.end() == [])
        #expect(fs.exited)
        #expect(!emulator.isRunning(context: 0))
        #expect(emulator.dump() == before)
    }
}
