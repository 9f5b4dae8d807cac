#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

@Suite("Write log, failure injection and snapshots")
struct LogInjectionTests {
    @Test func logKeepsEveryWriteInOrder() throws {
        let fs = SysfsEmulator()
        try fs.write("/\(kd)/nr_kdamonds", "1")
        _ = errnoOf { try fs.write("\(kd)/0/contexts/nr_contexts", "5") }
        _ = errnoOf { try fs.write("\(kd)/0/pid", "1") }
        _ = errnoOf { try fs.write("\(kd)/9/state", "on") }
        #expect(fs.writeLog == [
            EmulatorWrite(path: "\(kd)/nr_kdamonds", value: "1", errno: nil),
            EmulatorWrite(path: "\(kd)/0/contexts/nr_contexts", value: "5", errno: EINVAL),
            EmulatorWrite(path: "\(kd)/0/pid", value: "1", errno: EACCES),
            EmulatorWrite(path: "\(kd)/9/state", value: "on", errno: ENOENT),
        ])
        #expect(fs.successfulWrites.map(\.value) == ["1"])
        #expect(fs.writeCount == 4)
        #expect(fs.writeLog[1].description == "\(kd)/0/contexts/nr_contexts <- '5': errno \(EINVAL)")
        fs.clearWriteLog()
        #expect(fs.writeLog.isEmpty)
    }

    @Test func failNthWrite() throws {
        let fs = SysfsEmulator()
        fs.failWrite(number: 2, errno: ENOMEM)
        try fs.write("\(kd)/nr_kdamonds", "1")
        #expect(errnoOf { try fs.write("\(kd)/0/contexts/nr_contexts", "1") } == ENOMEM)
        // The failed write changed nothing; the injection is used up.
        #expect(try fs.read("\(kd)/0/contexts/nr_contexts") == "0")
        try fs.write("\(kd)/0/contexts/nr_contexts", "1")
        #expect(!fs.hasPendingInjectedFailures)
        #expect(fs.writeLog.map(\.injected) == [false, true, false])
        #expect(fs.writeLog[1].errno == ENOMEM)
    }

    @Test func failNextMatchingWrite() throws {
        let fs = try makeConfigured()
        fs.failNextWrite(toPathEndingWith: "/state")
        #expect(errnoOf { try fs.write("\(kd)/0/state", "on") } == EIO)
        #expect(try fs.read("\(kd)/0/state") == "off")
        try fs.write("\(kd)/0/state", "on")
        fs.failNextWrite(errno: EBUSY) { path, value in path.hasSuffix("/state") && value == "commit" }
        try fs.write("\(kd)/0/state", "update_schemes_stats")
        #expect(errnoOf { try fs.write("\(kd)/0/state", "commit") } == EBUSY)
        try fs.write("\(kd)/0/state", "commit")
    }

    @Test func injectionErrorLooksLikeAStoreError() throws {
        let fs = SysfsEmulator()
        fs.failWrite(number: 1)
        do {
            try fs.write("\(kd)/nr_kdamonds", "1")
            Issue.record("no error")
        } catch {
            #expect(error == DamonFSError(path: "\(kd)/nr_kdamonds", errno: EIO, operation: "writing '1' to"))
        }
        fs.failWrite(number: 1)
        fs.clearInjectedFailures()
        try fs.write("\(kd)/nr_kdamonds", "1")
    }

    @Test func dumpAndDiff() throws {
        let fs = try makeConfigured(schemes: 1)
        let before = fs.dump()
        #expect(before["\(kd)/nr_kdamonds"] == "1")
        #expect(before["\(kd)/0/contexts/0/avail_operations"] == "vaddr\nfvaddr\npaddr")
        #expect(before["\(kd)/0/contexts/0/schemes/0/action"] == "stat")
        #expect(before.keys.allSatisfy { !$0.hasPrefix("/") })

        try fs.write("\(kd)/0/contexts/0/schemes/0/action", "pageout")
        try fs.write("\(kd)/0/contexts/0/schemes/0/dests/nr_dests", "1")
        let changed = fs.dump()
        #expect(SysfsEmulator.diff(before, changed) == [
            "~ \(kd)/0/contexts/0/schemes/0/action: 'stat' -> 'pageout'",
            "+ \(kd)/0/contexts/0/schemes/0/dests/0/id = '0'",
            "+ \(kd)/0/contexts/0/schemes/0/dests/0/weight = '0'",
            "~ \(kd)/0/contexts/0/schemes/0/dests/nr_dests: '0' -> '1'",
        ])

        // Restoring by writes gives back exactly the same tree.
        try fs.write("\(kd)/0/contexts/0/schemes/0/dests/nr_dests", "0")
        try fs.write("\(kd)/0/contexts/0/schemes/0/action", "stat")
        #expect(fs.dump() == before)
        #expect(SysfsEmulator.diff(before, fs.dump()).isEmpty)
        #expect(fs.dump(under: "\(kd)/0/contexts/0/schemes/0/watermarks").count == 5)
    }

    @Test func dumpShowsRunningState() throws {
        let fs = try makeConfigured()
        let before = fs.dump()
        try fs.write("\(kd)/0/state", "on")
        let diff = SysfsEmulator.diff(before, fs.dump())
        #expect(diff.count == 2)
        #expect(diff.contains("~ \(kd)/0/state: 'off' -> 'on'"))
        try fs.write("\(kd)/0/state", "off")
        #expect(fs.dump() == before)
    }
}
