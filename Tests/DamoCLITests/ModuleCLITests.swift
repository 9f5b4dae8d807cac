import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// reclaim, lru_sort and module run in this process, with the
/// interface root pointed at plain files laid out as /sys/module's DAMON
/// parameters (dumped from the emulator).  The kernel's reactions are the
/// emulator tests' job; here the command lines, writes and output.
@Suite struct ModuleCLITests {
    func makeRoot(_ kinds: [EmulatedModuleKind] = [.reclaim, .lruSort]) throws -> String {
        let root = TemporaryDirectory.scratchPath("damo-modules")
        try FileManager.default.createDirectory(atPath: root + "/module", withIntermediateDirectories: true)
        try writePlainFiles(ModuleParamsEmulator(kinds).dump(), under: root)
        return root
    }

    func param(_ root: String, _ module: String, _ name: String) -> String {
        (try? String(contentsOfFile: "\(root)/module/damon_\(module)/parameters/\(name)", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "<missing>"
    }

    @Test func statusInDamosOrder() throws {
        let root = try makeRoot()
        for args in [["reclaim"], ["reclaim", "status"], ["module", "reclaim"]] {
            let run = DamoInProcess.run(args + ["--interface_root", root])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.text.split(separator: "\n")
            #expect(lines.prefix(4) == ["kdamond_pid: -1", "enabled: N", "min_age: 120000000", "quota_ms: 10"])
            #expect(lines.last == "nr_quota_exceeds: 0")
            #expect(lines.count == 21)
        }
        let lru = DamoInProcess.run(["lru_sort", "--interface_root", root])
        #expect(lru.status == 0, "\(lru.stderr)")
        #expect(lru.text.hasPrefix("kdamond_pid: -1\nenabled: N\nhot_thres_access_freq: 500\n"))
        #expect(lru.text.hasSuffix("bytes_lru_sorted_cold_regions: 0\n"))
    }

    @Test func disableWritesTheParameters() throws {
        let root = try makeRoot()
        // The positional after a fixed-count option is the action.
        let run = DamoInProcess.run(["reclaim", "--interface_root", root, "--min_age", "5000000", "--quota", "20", "1048576",
                                "500", "disable", "--wmarks", "1000000", "800", "600", "400",
                                "--monitor_region", "4096", "1048576"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(param(root, "reclaim", "min_age") == "5000000")
        #expect(param(root, "reclaim", "quota_sz") == "1048576")
        #expect(param(root, "reclaim", "quota_reset_interval_ms") == "500")
        #expect(param(root, "reclaim", "wmarks_low") == "400")
        #expect(param(root, "reclaim", "monitor_region_end") == "1048576")
        #expect(param(root, "reclaim", "enabled") == "N")
        // 6.1 has no skip_anon: not asked for, not written.
        #expect(param(root, "reclaim", "skip_anon") == "<missing>")
        let lru = DamoInProcess.run(["module", "lru_sort", "disable", "--interface_root", root, "--hot_thres_access_freq", "700",
                                "--quota", "5", "2000"])
        #expect(lru.status == 0, "\(lru.stderr)")
        #expect(param(root, "lru_sort", "hot_thres_access_freq") == "700")
        #expect(param(root, "lru_sort", "quota_reset_interval_ms") == "2000")
    }

    @Test func errorsAreOneLineAndWriteNothing() throws {
        let root = try makeRoot()
        let before = param(root, "reclaim", "min_age")
        for (args, message) in [
            (["reclaim", "commit"], "DAMON_RECLAIM is not running"),
            (["reclaim", "enable", "--min_age", "1", "--skip_anon"], "no 'skip_anon' parameter"),
        ] {
            let run = DamoInProcess.run(args + ["--interface_root", root])
            #expect(run.status == 1)
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        }
        #expect(param(root, "reclaim", "min_age") == before)
        // Usage mistakes: argparse's wording.
        for (args, message) in [
            (["reclaim", "--quota", "1", "2"], "argument --quota: expected 3 arguments"),
            (["reclaim", "--min_age", "soon"], "argument --min_age: invalid int value: 'soon'"),
            (["reclaim", "start"], "invalid choice: 'start'"),
            (["lru_sort", "commit"], "invalid choice: 'commit'"),
        ] {
            let run = DamoInProcess.run(args + ["--interface_root", root])
            #expect(run.status != 0)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
        let empty = TemporaryDirectory.scratchPath("damo-nomodule")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let run = DamoInProcess.run(["reclaim", "--interface_root", empty])
        #expect(run.status == 1)
        #expect(run.stderr == "damo: DAMON_RECLAIM is not available: /sys/module/damon_reclaim/parameters not found (is CONFIG_DAMON_RECLAIM enabled?)\n")
    }

    @Test func statReadAndWrite() throws {
        let root = try makeRoot([.stat])
        let percentiles = (0...100).map { String($0 * 100) }.joined(separator: ",")
        try (percentiles + "\n").write(toFile: root + "/module/damon_stat/parameters/memory_idle_ms_percentiles",
                                       atomically: false, encoding: .utf8)
        let all = DamoInProcess.run(["module", "stat", "read", "--interface_root", root])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.text.split(separator: "\n").map { $0.split(separator: ":")[0] }
                    == ["aggr_interval_us", "enabled", "estimated_memory_bandwidth", "memory_idle_ms_percentiles"])
        let one = DamoInProcess.run(["module", "stat", "read", "enabled", "--interface_root", root])
        #expect(one.text == "N\n")
        let pct = DamoInProcess.run(["module", "stat", "read", "idle_time_percentiles", "--idle_time_percentiles_range",
                                "0", "101", "50", "--interface_root", root])
        #expect(pct.status == 0, "\(pct.stderr)")
        #expect(pct.text == "  0 0 ns\n 50 5 s\n100 10 s\n")
        let bad = DamoInProcess.run(["module", "stat", "read", "nosuch", "--interface_root", root])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("wrong parameter (nosuch)") && bad.stderr.contains("idle_time_mem_sz"))

        let write = DamoInProcess.run(["module", "stat", "write", "enabled", "Y", "--interface_root", root])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(param(root, "stat", "enabled") == "Y")
        let odd = DamoInProcess.run(["module", "stat", "write", "enabled", "--interface_root", root])
        #expect(odd.status == 1)
        #expect(odd.stderr.contains("pairs expected"))
        // A missing parameter after a good one: the good one is put back.
        let partial = DamoInProcess.run(["module", "stat", "write", "enabled", "N", "nosuch", "1", "--interface_root", root])
        #expect(partial.status == 1)
        #expect(param(root, "stat", "enabled") == "Y")

        // Given percentiles need no module at all.
        let empty = TemporaryDirectory.scratchPath("damo-nostat")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let given = DamoInProcess.run(["module", "stat", "read", "idle_time_mem_sz", "--idle_time_mem_sz_lines", "2",
                                  "--interface_root", empty, "--input_idle_time_percentiles", "0", "1", "100", "3"])
        #expect(given.status == 0, "\(given.stderr)")
        // damo 3.4.3 prints the same three rows.
        #expect(given.text == "2 s    49 %\n3 s    100 %\n4 s    50 %\n")
    }
}
