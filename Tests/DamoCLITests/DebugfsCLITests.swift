import DamoTestSupport
import Foundation
import Testing

/// start / report damon / stop through the debugfs interface, run in this
/// process with the interface root pointed at plain files laid out as the kernel's
/// debugfs (no sysfs next to them, so it is found by itself).
@Suite struct DebugfsCLITests {
    static let dir = "kernel/debug/damon"

    func makeRoot(kdamondPid: String = "none", monitorOn: String = "off") throws -> String {
        let root = TemporaryDirectory.scratchPath("damo-debugfs")
        try FileManager.default.createDirectory(atPath: root + "/" + Self.dir, withIntermediateDirectories: true)
        for (name, content) in [("attrs", "5000 100000 60000000 10 1000\n"), ("target_ids", "\n"), ("init_regions", ""),
                                ("schemes", ""), ("kdamond_pid", kdamondPid + "\n"), ("monitor_on", monitorOn + "\n"),
                                ("mk_contexts", ""), ("rm_contexts", "")] {
            _ = FileManager.default.createFile(atPath: "\(root)/\(Self.dir)/\(name)", contents: Data(content.utf8))
        }
        return root
    }

    func read(_ root: String, _ name: String) -> String {
        (try? String(contentsOfFile: "\(root)/\(Self.dir)/\(name)", encoding: .utf8)) ?? "<missing>"
    }

    @Test func startWritesDebugfsFiles() throws {
        let root = try makeRoot()
        let pid = String(getpid())
        let start = DamoInProcess.run(["start", "--interface_root", root, "--target_pid", pid,
                                  "--monitoring_intervals", "10ms", "200ms", "2s",
                                  "--damos_action", "pageout", "--damos_access_rate", "0%", "0%",
                                  "--damos_age", "5s", "max"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(read(root, "attrs") == "10000 200000 2000000 10 1000 ")
        #expect(read(root, "target_ids") == pid)
        #expect(read(root, "schemes")
                    == "0\t18446744073709551615\t0\t0\t25\t4294967295\t2\t0\t0\t18446744073709551615\t0\t0\t0\t0\t0\t0\t0\t0")
        #expect(read(root, "monitor_on") == "on")

        // Read back: the plain files show what was written (kdamond_pid
        // stays 'none', so the context reads as off).
        try "0 18446744073709551615 0 0 25 4294967295 2 0 0 18446744073709551615 0 0 0 0 0 0 0 0 3 12288 2 8192 0\n"
            .write(toFile: "\(root)/\(Self.dir)/schemes", atomically: false, encoding: .utf8)
        let report = DamoInProcess.run(["report", "damon", "--interface_root", root, "--format", "json", "--raw"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONSerialization.jsonObject(with: report.stdout) as? [[String: Any]]
        let ctx = (json?[0]["contexts"] as? [[String: Any]])?[0]
        #expect(json?[0]["state"] as? String == "off")
        #expect(ctx?["ops"] as? String == "vaddr")
        #expect((ctx?["targets"] as? [[String: Any]])?[0]["pid"] as? Int == Int(pid))
        let scheme = (ctx?["schemes"] as? [[String: Any]])?[0]
        #expect(scheme?["action"] as? String == "pageout")
        #expect((scheme?["stats"] as? [String: Any])?["sz_applied"] as? String == "8192")
        let stats = DamoInProcess.run(["report", "damon", "--interface_root", root, "--damos_stats"])
        #expect(stats.text.contains("nr_tried: 3\n"), "\(stats.text)")
    }

    @Test func stopTuneAndDebugLog() throws {
        let root = try makeRoot(kdamondPid: "4242", monitorOn: "on")
        let tune = DamoInProcess.run(["tune", "--interface_root", root, "--damon_interface_DEPRECATED", "debugfs",
                                 "--target_pid", String(getpid())])
        #expect(tune.status == 1)
        #expect(tune.stderr.hasPrefix("damo: the DAMON debugfs interface cannot update parameters of running DAMON"))
        let start = DamoInProcess.run(["start", "--interface_root", root, "--target_pid", String(getpid())])
        #expect(start.status == 1)
        #expect(start.stderr.contains("already running"))
        let stop = DamoInProcess.run(["stop", "--interface_root", root, "--debug_damon"])
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(read(root, "monitor_on") == "off")
        #expect(stop.text.contains("read '\(root)/\(Self.dir)/kdamond_pid': '4242'"))
        #expect(stop.text.contains("write 'off' to '\(root)/\(Self.dir)/monitor_on'"))
    }

    @Test func interfaceChoice() throws {
        let root = try makeRoot()
        // sysfs asked for, only debugfs there.
        let sysfs = DamoInProcess.run(["stop", "--interface_root", root, "--damon_interface_DEPRECATED", "sysfs"])
        #expect(sysfs.status == 1)
        #expect(sysfs.stderr.contains("DAMON sysfs interface not found"))
        let bad = DamoInProcess.run(["stop", "--interface_root", root, "--damon_interface_DEPRECATED", "procfs"])
        #expect(bad.status != 0 && bad.status != 1)
        let stop = DamoInProcess.run(["stop", "--interface_root", root])
        #expect(stop.status == 1)
        #expect(stop.stderr == "damo: no kdamond is running\n")
        // Unsupported by debugfs: refused before anything is written.
        let before = read(root, "attrs")
        let filters = DamoInProcess.run(["start", "--interface_root", root, "--target_pid", String(getpid()),
                                    "--damos_action", "lru_prio"])
        #expect(filters.status == 1)
        #expect(filters.stderr.contains("does not support the DAMOS action 'lru_prio'"))
        #expect(read(root, "attrs") == before)
    }
}
