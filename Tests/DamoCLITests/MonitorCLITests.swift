import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `damo monitor` against the emulated kernel: start, record and report
/// `--count` times, stop.  A stand-in perf takes the CPU profile.
@Suite struct MonitorCLITests {
    let tmp = TemporaryDirectory("damo-monitor")
    var dir: String { tmp.path }

    func environment() throws -> [String: String] {
        _ = try RecordPerfCLITests.fakePerf(in: dir)
        try FileManager.default.moveItem(atPath: dir + "/fakeperf", toPath: dir + "/perf")
        return ["PATH": dir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    @Test func wssReportsOfPaddr() throws {
        let kernel = try EmulatedKernel()
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let run = try Damo.run(["monitor", "paddr", "--count", "2", "--delay", "0.5", "--report_type", "wss",
                                "--interface_root", kernel.root], in: dir, environment: try environment())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "# <percentile> <wss>").count - 1 == 2, "\(run.text)")
        #expect(!kernel.isRunning())
    }

    @Test func heatmapsOfACommand() throws {
        let kernel = try EmulatedKernel()
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let run = try Damo.run(["monitor", "sleep 30", "--count", "1", "--delay", "0.6",
                                "--interface_root", kernel.root], in: dir, environment: try environment())
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.text.split(separator: "\n").filter { !$0.isEmpty }
        #expect(rows.count == 10, "\(run.text)")
        #expect(!kernel.isRunning())
    }

    @Test func badTargetIsOneLine() throws {
        let run = try Damo.run(["monitor", "no-such-program-xyz"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("damo: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
}
