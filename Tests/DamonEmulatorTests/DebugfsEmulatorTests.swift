#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamonEmulator
import DamonKernel
import Testing

/// The emulated debugfs behaves as mm/damon/dbgfs.c does.
@Suite struct DebugfsEmulatorTests {
    let d = DebugfsEmulator.root

    func configured(_ layout: DebugfsLayout = .v6_1) throws -> DebugfsEmulator {
        let fs = DebugfsEmulator(layout: layout)
        fs.setLivePids([1234, 5678])
        try fs.write("\(d)/target_ids", "1234 5678")
        return fs
    }

    @Test func defaultsAndLayout() throws {
        let fs = DebugfsEmulator()
        #expect(try fs.read("\(d)/attrs") == "5000 100000 60000000 10 1000")
        #expect(try fs.read("\(d)/target_ids") == "")
        #expect(try fs.read("\(d)/kdamond_pid") == "none")
        #expect(try fs.read("\(d)/monitor_on") == "off")
        #expect(try fs.read("\(d)/schemes") == "")
        #expect(try fs.list(d) == ["attrs", "init_regions", "kdamond_pid", "mk_contexts", "monitor_on",
                                   "rm_contexts", "schemes", "target_ids"])
        #expect(errnoOf { _ = try fs.read("\(d)/mk_contexts") } == EINVAL)
        #expect(errnoOf { try fs.write("\(d)/kdamond_pid", "1") } == EINVAL)
        let old = DebugfsEmulator(layout: .v5_15)
        #expect(!old.exists("\(d)/schemes") && !old.exists("\(d)/init_regions"))
        // Linux 6.12's files (DAMON_DBGFS_DEPRECATED), as the VM tier saw them.
        let renamed = DebugfsEmulator(deprecatedNames: true)
        #expect(renamed.exists("\(d)/monitor_on_DEPRECATED") && !renamed.exists("\(d)/monitor_on"))
        #expect(try renamed.list(d) == ["DEPRECATED", "attrs", "init_regions", "kdamond_pid", "mk_contexts",
                                        "monitor_on_DEPRECATED", "rm_contexts", "schemes", "target_ids"])
        #expect(try renamed.read("\(d)/DEPRECATED").hasPrefix("DAMON debugfs interface is deprecated"))
        #expect(errnoOf { try renamed.write("\(d)/DEPRECATED", "1") } != nil)
        let absent = DebugfsEmulator(present: false)
        #expect(!absent.exists(d) && absent.isDirectory("kernel/debug"))
    }

    @Test func attrsAreChecked() throws {
        let fs = DebugfsEmulator()
        try fs.write("\(d)/attrs", "10000 200000 2000000 5 50 ")
        #expect(try fs.read("\(d)/attrs") == "10000 200000 2000000 5 50")
        #expect(errnoOf { try fs.write("\(d)/attrs", "1 2 3 2 50") } == EINVAL)   // min < 3
        #expect(errnoOf { try fs.write("\(d)/attrs", "1 2 3 60 50") } == EINVAL)  // min > max
        #expect(errnoOf { try fs.write("\(d)/attrs", "1 2 3") } == EINVAL)
        #expect(try fs.read("\(d)/attrs") == "10000 200000 2000000 5 50")
    }

    @Test func targetIDs() throws {
        let fs = DebugfsEmulator()
        fs.setLivePids([1234])
        try fs.write("\(d)/target_ids", "1234")
        #expect(try fs.read("\(d)/target_ids") == "1234")
        #expect(errnoOf { try fs.write("\(d)/target_ids", "999") } == ENOMEM)
        #expect(try fs.read("\(d)/target_ids") == "1234")
        try fs.write("\(d)/target_ids", "paddr\n")
        #expect(try fs.read("\(d)/target_ids") == "42")
        try fs.write("\(d)/target_ids", "\n")
        #expect(try fs.read("\(d)/target_ids") == "")
        let old = DebugfsEmulator(layout: .v5_17)
        old.setLivePids([1234])
        #expect(errnoOf { try old.write("\(d)/target_ids", "999") } == EINVAL)
        // Before paddr, 'paddr' is just no pid.
        let oldest = DebugfsEmulator(layout: .v5_15)
        try oldest.write("\(d)/target_ids", "paddr\n")
        #expect(try oldest.read("\(d)/target_ids") == "")
    }

    @Test func initRegionsByIndexOrID() throws {
        let fs = try configured()
        try fs.write("\(d)/init_regions", "0 4096 8192 1 0 4096 0 8192 16384")
        #expect(try fs.read("\(d)/init_regions") == "0 4096 8192\n0 8192 16384\n1 0 4096")
        // Overlap, empty range, unknown target: EINVAL and no region left.
        for bad in ["0 8192 4096", "2 0 4096", "0 4096 8192 0 4000 9000"] {
            #expect(errnoOf { try fs.write("\(d)/init_regions", bad) } == EINVAL, "\(bad)")
            #expect(try fs.read("\(d)/init_regions") == "")
        }
        let old = try configured(.v5_17)
        #expect(errnoOf { try old.write("\(d)/init_regions", "0 4096 8192") } == EINVAL)
        try old.write("\(d)/init_regions", "5678 4096 8192")
        #expect(try old.read("\(d)/init_regions") == "5678 4096 8192")
        // New targets drop the regions.
        try old.write("\(d)/target_ids", "1234")
        #expect(try old.read("\(d)/init_regions") == "")
    }

    @Test func schemesAndStats() throws {
        let fs = try configured()
        let line = "4096 18446744073709551615 0 0 10 4294967295 2 10 134217728 1000 0 0 1 1 5000000 500 400 200"
        try fs.write("\(d)/schemes", line.replacingOccurrences(of: " ", with: "\t"))
        #expect(try fs.read("\(d)/schemes") == line + " 0 0 0 0 0")
        // %u fields keep their low 32 bits.
        try fs.write("\(d)/schemes", "0 1 0 4294967296 0 1 5 0 0 0 0 0 0 0 0 0 0 0")
        #expect(try fs.read("\(d)/schemes") == "0 1 0 0 0 1 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0")
        #expect(errnoOf { try fs.write("\(d)/schemes", "0 1 0 1 0 1 6 0 0 0 0 0 0 0 0 0 0 0") } == EINVAL)
        #expect(errnoOf { try fs.write("\(d)/schemes", "9 1 0 1 0 1 5 0 0 0 0 0 0 0 0 0 0 0") } == EINVAL)
        #expect(errnoOf { try fs.write("\(d)/schemes", "0 1 0 1 0 1 5 0 0 0 0 0 0 1 0 100 200 0") } == EINVAL)
        try fs.write("\(d)/schemes", "\n")
        #expect(try fs.read("\(d)/schemes") == "")

        try fs.write("\(d)/schemes", "0 18446744073709551615 0 0 0 4294967295 5 0 0 1000 0 0 0 0 0 0 0 0")
        fs.setRegions([EmulatedRegion(start: 0, end: 8192, nrAccesses: 0, age: 3),
                       EmulatedRegion(start: 8192, end: 12288, nrAccesses: 4, age: 1)])
        try fs.write("\(d)/monitor_on", "on")
        fs.aggregate(times: 3)
        #expect(try fs.read("\(d)/schemes").hasSuffix(" 3 24576 0 0 0"))
        let v516 = try configured(.v5_16)
        try v516.write("\(d)/schemes", "0 1 0 1 0 1 2 0 0 0 0 0 0 0 0 0 0 0")
        #expect(try v516.read("\(d)/schemes") == "0 1 0 1 0 1 2 0 0 0 0 0 0 0 0 0 0 0 0 0")
    }

    @Test func monitorOnAndBusyFiles() throws {
        let fs = try configured()
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "off") } == EPERM)
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "start") } == EINVAL)
        try fs.write("\(d)/monitor_on", "on\n")
        #expect(try fs.read("\(d)/monitor_on") == "on")
        #expect(try fs.read("\(d)/kdamond_pid") != "none")
        for (file, value) in [("attrs", "5000 100000 1000000 10 1000"), ("target_ids", "1234"),
                              ("init_regions", "0 1 2"), ("schemes", "\n")] {
            #expect(errnoOf { try fs.write("\(d)/\(file)", value) } == EBUSY, "\(file)")
        }
        #expect(errnoOf { _ = try fs.read("\(d)/init_regions") } == EBUSY)
        #expect(errnoOf { try fs.write("\(d)/mk_contexts", "x") } == EBUSY)
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "on") } == EBUSY)
        try fs.write("\(d)/monitor_on", "off")
        #expect(try fs.read("\(d)/kdamond_pid") == "none")
        // The kdamond dropped its pid targets when it ended.
        #expect(try fs.read("\(d)/target_ids") == "")
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "on") } == EINVAL)   // no target
    }

    @Test func otherInterfacesMakeItBusy() throws {
        let fs = try configured()
        fs.otherRunningContexts = 1
        #expect(try fs.read("\(d)/monitor_on") == "on")
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "on") } == EBUSY)
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "off") } == EPERM)
    }

    @Test func contexts() throws {
        let fs = DebugfsEmulator()
        try fs.write("\(d)/mk_contexts", "ctx1\n")
        #expect(fs.isDirectory("\(d)/ctx1"))
        #expect(try fs.read("\(d)/ctx1/kdamond_pid") == "none")
        #expect(errnoOf { try fs.write("\(d)/mk_contexts", "ctx1") } == EEXIST)
        #expect(errnoOf { try fs.write("\(d)/mk_contexts", "attrs") } == EEXIST)
        #expect(errnoOf { try fs.write("\(d)/rm_contexts", "nosuch") } == ENOENT)
        #expect(errnoOf { try fs.write("\(d)/rm_contexts", "attrs") } == EINVAL)
        #expect(errnoOf { try fs.write("\(d)/mk_contexts", " \n") } == EINVAL)
        // Every context needs a target to start.
        fs.setLivePids([1])
        try fs.write("\(d)/target_ids", "1")
        #expect(errnoOf { try fs.write("\(d)/monitor_on", "on") } == EINVAL)
        try fs.write("\(d)/ctx1/target_ids", "paddr")
        try fs.write("\(d)/monitor_on", "on")
        #expect(fs.isRunning(context: 1))
        try fs.write("\(d)/monitor_on", "off")
        try fs.write("\(d)/rm_contexts", "ctx1")
        #expect(!fs.exists("\(d)/ctx1") && fs.contextNames.isEmpty)
    }

    @Test func injectedFailuresAndLog() throws {
        let fs = DebugfsEmulator()
        fs.log.failWrite(number: 2, errno: EIO)
        try fs.write("\(d)/attrs", "5000 100000 1000000 10 1000")
        #expect(errnoOf { try fs.write("\(d)/attrs", "5000 100000 1000000 10 100") } == EIO)
        #expect(try fs.read("\(d)/attrs") == "5000 100000 1000000 10 1000")
        #expect(fs.log.writeLog.map(\.succeeded) == [true, false])
        #expect(fs.log.writeLog[1].injected)
        #expect(errnoOf { try fs.write("\(d)/nosuch", "1") } == ENOENT)
    }
}
