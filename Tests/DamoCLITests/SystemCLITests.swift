import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `features` and `diagnose`, run in this process, on emulated kernels (plain files dumped from
/// the emulator), with the kernel release and log given.
@Suite struct SystemCLITests {
    let tmp = TemporaryDirectory("damo-system")
    var dir: String { tmp.path }

    func makeRoot(_ layout: SysfsLayout, state: String = "off") throws -> String {
        let fs = try SysfsEmulator.oneKdamond(layout)
        let root = dir + "/sysfs-\(layout.rawValue)"
        var files: [String: String] = [:]
        for (path, content) in fs.dump() {
            files[path] = path.hasSuffix("/state") ? state : path.hasSuffix("/0/pid") && state == "on" ? "\(getpid())" : content
        }
        try writePlainFiles(files, under: root)
        return root
    }

    @Test func featuresOfLinux6_1() throws {
        let root = try makeRoot(.v6_1)
        let all = DamoInProcess.run(["features", "--interface_root", root, "--kernel_release", "6.1.0"])
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.text.split(separator: "\n")
        #expect(lines.count == 96)
        #expect(lines.contains("sysfs/schemes_wmarks: Supported"))
        #expect(lines.contains("sysfs/schemes_filters: Unsupported"))
        #expect(lines.map { $0.split(separator: ":")[0] } == lines.map { $0.split(separator: ":")[0] }.sorted())
        let notice = try String(contentsOfFile: fixtures + "/legacy/features_notice.txt", encoding: .utf8)
        #expect(all.stderr == notice)

        let supported = DamoInProcess.run(["features", "supported", "--interface_root", root, "--kernel_release", "6.1.0",
                                      "--infer_version"])
        let names = supported.text.split(separator: "\n")
        #expect(names.last == "Seems the version of DAMON is 5.19")
        #expect(names.contains("sysfs/online_params_commit"))
        #expect(!names.contains("sysfs/schemes_tried_regions"))
        let unsupported = DamoInProcess.run(["features", "unsupported", "--interface_root", root, "--kernel_release", "6.1.0"])
        #expect(unsupported.text.split(separator: "\n").count + names.count - 1 == 96)
    }

    @Test func featuresAsJSON() throws {
        let root = try makeRoot(.v6_18)
        let run = DamoInProcess.run(["features", "json", "--interface_root", root, "--kernel_release", "6.18.0"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.hasPrefix("{\n    \"debugfs/init_regions\": false,\n"))
        #expect(run.text.contains("\n    \"sysfs/refresh_ms\": true,\n"))
        #expect(run.text.hasSuffix("    \"trace/damos_stat_after_apply_interval\": false\n}\n"))
        let bad = DamoInProcess.run(["features", "some"])
        #expect(bad.status != 0)
    }

    @Test func reportSysinfo() throws {
        let root = try makeRoot(.v6_1)
        let base = ["report", "sysinfo", "--interface_root", root, "--kernel_release", "6.1.0"]
        let run = DamoInProcess.run(base)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == """
            damo version: 3.4.3
            kernel version: 6.1.0
            DAMON version: 5.19
            available DAMON features:
            - interface/damon_sysfs (merged in v5.18-rc1 (c951cd3b8901))

            """)
        let all = DamoInProcess.run(base + ["--print", "all"])
        let lines = all.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("sysfs: \(root)"))
        let available = lines.firstIndex(of: "available DAMON features:")!
        let unavailable = lines.firstIndex(of: "unavailable DAMON features:")!
        // sysfs features first, interfaces after them, as damo finds them.
        #expect(lines[available + 1] == "- sysfs/vaddr (merged in v5.18-rc1 (c951cd3b8901))")
        #expect(lines[unavailable - 1] == "- interface/damon_sysfs (merged in v5.18-rc1 (c951cd3b8901))")
        #expect(lines[unavailable + 1] == "- debugfs/record (withdrawn)")
        #expect(lines[unavailable + 2] == "  - was in DAMON patchset, but not merged in mainline")
        #expect(lines.filter { $0.hasPrefix("- ") }.count == 96)
        let some = DamoInProcess.run(base + ["--print", "trace_features"])
        // No tracefs under the root: the release tells (6.1 has only this one).
        #expect(some.text == "available DAMON features:\n- trace/damon_aggregated (merged in v5.15 (2fcb93629ad8))\n")
        let bad = DamoInProcess.run(base + ["--print", "nothing"])
        #expect(bad.status == 1)
    }

    @Test func diagnoseRunningKdamond() throws {
        let root = try makeRoot(.v6_18, state: "on")
        let log = dir + "/kmsg"
        try "6,1,5000000,-;damon: started\n4,2,6000000,-;damon_sysfs: odd\n".write(toFile: log, atomically: true, encoding: .utf8)
        let run = DamoInProcess.run(["diagnose", "--interface_root", root, "--kernel_release", "6.18.0", "--kernel_log", log])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == """
            kernel: Linux 6.18.0
            DAMON interfaces:
              sysfs: yes
              debugfs: no
              damon_reclaim: no
              damon_lru_sort: no
              damon_stat: no
            kdamonds: 1 (1 running)
              kdamond 0: state: on, pid: \(getpid())
                context 0: paddr, targets: 1 region(s), schemes: 1
                  scheme 0: stat, tried 0 (0 B), applied 0 (0 B), quota exceeded 0 times
            DAMON features: 46 of 96 supported
            kernel messages about DAMON: 2
              [    5.000000] damon: started
              [    6.000000] damon_sysfs: odd
            suspicious states:
              - the kernel logged 1 warning or error message(s) about DAMON (last: [    6.000000] damon_sysfs: odd)

            """)
        let verbose = DamoInProcess.run(["diagnose", "--verbose", "--interface_root", root, "--kernel_release", "6.18.0",
                                    "--kernel_log", log])
        #expect(verbose.text.contains("  sysfs/refresh_ms: yes (file kernel/mm/damon/admin/kdamonds/0/refresh_ms)\n"))
        #expect(verbose.text.contains("  kdamond 0\n    state: on"))
    }

    @Test func diagnoseWithoutDamon() throws {
        let run = DamoInProcess.run(["diagnose", "--interface_root", dir + "/nothing", "--kernel_release", "6.18.0",
                                "--kernel_log", dir + "/nothing/kmsg"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("kernel messages about DAMON: unknown (cannot read \(dir)/nothing/kmsg: No such file or directory)"))
        #expect(run.text.contains("  - no DAMON interface found"))
    }
}
