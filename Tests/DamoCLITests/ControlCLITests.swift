import DamonEmulator
import Foundation
import Testing

/// start / report damon / status / stop through the damo binary, with the
/// interface root pointed at a directory holding a kdamond's files as the
/// kernel lays them out (dumped from the emulator).  Plain files have no
/// kernel behind them, so this checks the command lines, the writes and
/// the reports; the kernel's answers are the emulator tests' job.
@Suite struct ControlCLITests {
    /// A sysfs tree with one kdamond, context, target and scheme.
    func makeRoot(kdamondState: String = "off") throws -> String {
        let fs = SysfsEmulator(layout: .v6_18)
        let base = SysfsEmulator.kdamondsPath
        try fs.write(base + "/nr_kdamonds", "1")
        try fs.write(base + "/0/contexts/nr_contexts", "1")
        try fs.write(base + "/0/contexts/0/targets/nr_targets", "1")
        try fs.write(base + "/0/contexts/0/targets/0/regions/nr_regions", "1")
        try fs.write(base + "/0/contexts/0/schemes/nr_schemes", "1")
        let root = NSTemporaryDirectory() + "damo-sysfs-\(UUID().uuidString)"
        for (path, content) in fs.dump() {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let text = path.hasSuffix("/state") ? kdamondState : content
            FileManager.default.createFile(atPath: full, contents: Data((text + "\n").utf8))
        }
        return root
    }

    func read(_ root: String, _ path: String) -> String {
        (try? String(contentsOfFile: root + "/" + SysfsEmulator.kdamondsPath + "/" + path, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "<missing>"
    }

    @Test func startWritesTheFilesAndStopTurnsOff() throws {
        let root = try makeRoot()
        let start = try Damo.run(["start", "--interface_root", root, "--ops", "paddr",
                                  "--regions", "4294967296-8589934592", "--monitoring_intervals", "10ms", "200ms", "2s",
                                  "--damos_action", "stat"], in: root)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(read(root, "0/state") == "on")
        #expect(read(root, "0/contexts/0/operations") == "paddr")
        #expect(read(root, "0/contexts/0/monitoring_attrs/intervals/aggr_us") == "200000")
        #expect(read(root, "0/contexts/0/targets/0/regions/0/start") == "4294967296")
        #expect(read(root, "0/contexts/0/schemes/0/action") == "stat")

        let report = try Damo.run(["report", "damon", "--interface_root", root, "--damon_params", "--format", "json"], in: root)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.text.contains("\"ops\": \"paddr\""))
        let status = try Damo.run(["status", "--interface_root", root], in: root)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.text.hasPrefix("kdamond 0\n"))

        // A plain file keeps the last command written; the kernel would
        // still say "on".
        try "on\n".write(toFile: root + "/" + SysfsEmulator.kdamondsPath + "/0/state", atomically: false, encoding: .utf8)
        let stop = try Damo.run(["stop", "--interface_root", root], in: root)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(read(root, "0/state") == "off")
    }

    @Test func startRefusesWhileAKdamondRuns() throws {
        let root = try makeRoot(kdamondState: "on")
        let run = try Damo.run(["start", "--interface_root", root, "paddr", "--regions", "0-4096"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("already running"))
        #expect(read(root, "0/contexts/0/operations") == "vaddr")
    }

    @Test func badInputWritesNothing() throws {
        let root = try makeRoot()
        let before = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
            .map { ($0, read(root, $0)) }
        for args in [["--ops", "nosuchops"], ["--damos_action", "nosuchaction"],
                     ["--monitoring_nr_regions_range", "100", "10"], ["--target_pid", "999999999"]] {
            let run = try Damo.run(["start", "--interface_root", root] + args, in: root)
            #expect(run.status == 1, "\(args) was accepted")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
        let after = try FileManager.default.subpathsOfDirectory(atPath: root).sorted().map { ($0, read(root, $0)) }
        #expect(before.map(\.1) == after.map(\.1))
    }

    @Test func missingInterfaceIsOneLine() throws {
        let root = NSTemporaryDirectory() + "damo-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let run = try Damo.run(["stop", "--interface_root", root], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("DAMON sysfs interface not found"))
    }
}
