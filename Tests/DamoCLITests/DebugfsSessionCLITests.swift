#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `schemes`, `record` and live snapshots through the debugfs interface
/// (the emulated kernel, no sysfs beside it, run in this process): DAMON
/// started through debugfs and every debugfs file put back as found; no
/// live snapshot, as debugfs has no tried regions.
@Suite struct DebugfsSessionCLITests {
    static let d = DebugfsEmulator.root
    let tmp = TemporaryDirectory("damo-debugfs-session")
    var dir: String { tmp.path }
    var pid: String { String(getpid()) }

    func previouslySetUp() throws -> DebugfsEmulator {
        try DebugfsEmulator.previouslySetUp(livePids: [Int(getpid())])
    }

    func wrote(_ fs: DebugfsEmulator, _ file: String, _ value: String) -> Bool {
        fs.log.successfulWrites.contains { $0.path == "\(Self.d)/\(file)" && $0.value == value }
    }

    /// Chosen by itself (no sysfs) or asked for: the scheme runs through
    /// debugfs until Ctrl+C, then every file is as it was.
    @Test(arguments: [[], ["--damon_interface_DEPRECATED", "debugfs"]])
    func schemesRestoresTheFiles(_ choice: [String]) throws {
        let fs = try previouslySetUp()
        let before = fs.dump()
        let run = DamoInProcess.run(["schemes"] + choice + ["--target_pid", pid, "--damos_action", "pageout",
                                                             "--damos_access_rate", "0%", "0%", "--damos_age", "5s", "max"],
                                    fs: fs, stop: TestStop(after: 3))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("Press Ctrl+C to stop"))
        #expect(wrote(fs, "target_ids", pid))
        #expect(wrote(fs, "monitor_on", "on"))
        #expect(!fs.anyRunning)
        #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
    }

    /// DAMON's tracepoint through perf (a stand-in), DAMON started and put
    /// back through debugfs.
    @Test func recordThroughPerf() throws {
        let fs = try previouslySetUp()
        let before = fs.dump()
        let perf = try RecordPerfCLITests.fakePerf(in: dir)
        let out = dir + "/damon.data"
        let run = DamoInProcess.run(["record", "--damon_interface_DEPRECATED", "debugfs", "--target_pid", pid,
                                     "--timeout", "1", "--perf_path", perf, "--do_record", "access", "-o", out], fs: fs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(wrote(fs, "target_ids", pid))
        #expect(wrote(fs, "monitor_on", "on"))
        #expect(!fs.anyRunning)
        #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
        let raw = DamoInProcess.run(["report", "access", "--raw_form", "--input", out])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(raw.text.contains("000000200000-000000300000"), "\(raw.text)")
    }

    /// A running DAMON of someone's recorded as it is: nothing written.
    @Test func recordOngoing() throws {
        let fs = try previouslySetUp()
        let start = DamoInProcess.run(["start", "--target_pid", pid, "--damos_action", "stat"], fs: fs)
        #expect(start.status == 0, "\(start.stderr)")
        fs.log.clearWriteLog()
        let perf = try RecordPerfCLITests.fakePerf(in: dir)
        let out = dir + "/ongoing.data"
        let run = DamoInProcess.run(["record", "--timeout", "1", "--perf_path", perf, "--do_record", "access",
                                     "-o", out], fs: fs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(fs.log.writeLog.isEmpty)
        #expect(fs.isRunning(context: 0))
        let raw = DamoInProcess.run(["report", "access", "--raw_form", "--input", out])
        #expect(raw.text.contains("000000200000-000000300000"), "\(raw.text)")
    }

    /// --snapshot needs tried regions: one line, the files as found.
    @Test func recordSnapshotsRefused() throws {
        let fs = try previouslySetUp()
        let before = fs.dump()
        let run = DamoInProcess.run(["record", "--target_pid", pid, "--snapshot", "0", "1",
                                     "-o", dir + "/snap.data"], fs: fs)
        #expect(run.status == 1)
        #expect(run.stderr.contains("debugfs interface has no DAMOS tried regions"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
    }

    /// `report access` of the running DAMON: refused in one line, nothing
    /// written to the running DAMON; `report damon` shows it.
    @Test func liveSnapshotRefusedUntouched() throws {
        let fs = try previouslySetUp()
        let start = DamoInProcess.run(["start", "--target_pid", pid, "--damos_action", "stat"], fs: fs)
        #expect(start.status == 0, "\(start.stderr)")
        fs.log.clearWriteLog()
        let before = fs.dump()
        for args in [["report", "access"], ["report", "access", "--input", "tried_regions_of", "0", "0", "0"]] {
            let run = DamoInProcess.run(args, fs: fs)
            #expect(run.status == 1)
            #expect(run.stderr.hasPrefix("damo: cannot read the running DAMON: the DAMON debugfs interface has no DAMOS tried regions"),
                    "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
        #expect(fs.log.writeLog.isEmpty)
        #expect(DebugfsEmulator.diff(before, fs.dump()) == [])
        let report = DamoInProcess.run(["report", "damon", "--damos_stats"], fs: fs)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.text.contains("nr_tried: 0"), "\(report.text)")
    }
}
