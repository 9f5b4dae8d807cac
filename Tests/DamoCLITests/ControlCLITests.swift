import DamoTestSupport
import DamonEmulator
import Foundation
import Testing

/// start / report damon / status / stop through the command line, run in
/// this process on the emulated kernel: the command lines, the writes and
/// the reports, with the kernel's own answers.
@Suite struct ControlCLITests {
    static let kd = SysfsEmulator.kdamondsPath

    /// The emulated kernel with one kdamond, context, target and scheme,
    /// turned on when asked.
    func kernel(running: Bool = false) throws -> SysfsEmulator {
        let fs = try SysfsEmulator.oneKdamond()
        if running { try fs.write(ControlCLITests.kd + "/0/state", "on") }
        fs.clearWriteLog()
        return fs
    }

    func read(_ fs: SysfsEmulator, _ path: String) -> String {
        (try? fs.read(ControlCLITests.kd + "/" + path)) ?? "<missing>"
    }

    @Test func startWritesTheFilesAndStopTurnsOff() throws {
        let fs = try kernel()
        let start = DamoInProcess.run(["start", "--ops", "paddr", "--regions", "4294967296-8589934592",
                                       "--monitoring_intervals", "10ms", "200ms", "2s", "--damos_action", "stat"], fs: fs)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(read(fs, "0/state") == "on")
        #expect(read(fs, "0/contexts/0/operations") == "paddr")
        #expect(read(fs, "0/contexts/0/monitoring_attrs/intervals/aggr_us") == "200000")
        #expect(read(fs, "0/contexts/0/targets/0/regions/0/start") == "4294967296")
        #expect(read(fs, "0/contexts/0/schemes/0/action") == "stat")

        let report = DamoInProcess.run(["report", "damon", "--damon_params", "--format", "json"], fs: fs)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.text.contains("\"ops\": \"paddr\""))
        let status = DamoInProcess.run(["status"], fs: fs)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.text.hasPrefix("kdamond 0\n"))
        #expect(status.stderr.contains("'damo status' is deprecated"))

        let stop = DamoInProcess.run(["stop"], fs: fs)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(read(fs, "0/state") == "off")
    }

    @Test func startRefusesWhileAKdamondRuns() throws {
        let fs = try kernel(running: true)
        let run = DamoInProcess.run(["start", "paddr", "--regions", "0-4096"], fs: fs)
        #expect(run.status == 1)
        #expect(run.stderr.contains("already running"))
        #expect(fs.successfulWrites.isEmpty)
    }

    @Test func badInputWritesNothing() throws {
        let fs = try kernel()
        for args in [["--ops", "nosuchops"], ["--damos_action", "nosuchaction"],
                     ["--monitoring_nr_regions_range", "100", "10"], ["--target_pid", "999999999"]] {
            let run = DamoInProcess.run(["start"] + args, fs: fs)
            #expect(run.status == 1, "\(args) was accepted")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        #expect(fs.successfulWrites.isEmpty)
    }

    @Test func missingInterfaceIsOneLine() throws {
        let root = TemporaryDirectory("damo-empty")
        let run = try Damo.run(["stop", "--interface_root", root.path], in: root.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("DAMON sysfs interface not found"))
    }
}
