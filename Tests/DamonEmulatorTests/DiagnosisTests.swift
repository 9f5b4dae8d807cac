import DamoTestSupport
import DamonEmulator
import DamonModel
import Foundation
import Testing
@testable import DamonKernel

/// `damo diagnose`'s findings on emulated kernels; it never writes.
@Suite struct DiagnosisTests {
    func logFile(_ records: [String]) throws -> String {
        let path = TemporaryDirectory.scratchPath("damo-kmsg")
        try (records.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let quietLog = [
        "6,1,1000,-;Linux version 6.18.0",
        " SUBSYSTEM=cpu",
        "6,2,2345678,-;damon: kdamond.0 started",
        "6,3,3000000,-;eth0: link up",
    ]

    func running(_ ops: String) throws -> SysfsEmulator {
        let fs = try makeConfigured(.v6_18, ops: ops, schemes: 1)
        try fs.write("\(kd)/0/state", "on")
        return fs
    }

    @Test func healthyPaddrKdamond() throws {
        let fs = try running("paddr")
        let writes = fs.writeLog.count
        let d = DamonDiagnosis.examine(fs: fs, release: "6.18.0", kernelLog: try logFile(quietLog),
                                       processExists: { $0 == 4242 })
        #expect(fs.writeLog.count == writes)
        #expect(d.hasSysfs)
        #expect(d.kdamonds.count == 1 && d.kdamonds[0].state == "on" && d.kdamonds[0].pid == 4242)
        #expect(d.messages.map(\.line) == ["[    2.345678] damon: kdamond.0 started"])
        #expect(d.problems.isEmpty, "\(d.problems)")
        #expect(d.features.contains { $0.feature.name == "sysfs/refresh_ms" && $0.supported })
    }

    @Test func goneThreadAndTarget() throws {
        let fs = try running("vaddr")
        let d = DamonDiagnosis.examine(fs: fs, release: "6.18.0", kernelLog: try logFile(quietLog),
                                       processExists: { _ in false })
        #expect(d.problems == [
            "kdamond 0 is on, but its thread (pid 4242) does not exist",
            "kdamond 0 context 0 target 0: process 1234 no longer exists (the kdamond should have stopped)",
        ])
    }

    @Test func badParametersOfAStoppedKdamond() throws {
        let fs = try makeConfigured(.v6_18, ops: "paddr", schemes: 1)
        let ctx = "\(kd)/0/contexts/0"
        try fs.write("\(ctx)/monitoring_attrs/intervals/sample_us", "200000")
        try fs.write("\(ctx)/monitoring_attrs/nr_regions/min", "2")
        try fs.write("\(ctx)/schemes/0/watermarks/metric", "free_mem_rate")
        try fs.write("\(ctx)/schemes/0/watermarks/high", "100")
        try fs.write("\(ctx)/schemes/0/watermarks/mid", "500")
        let d = DamonDiagnosis.examine(fs: fs, release: "6.18.0", kernelLog: try logFile([]), processExists: { _ in true })
        #expect(d.problems.count == 3, "\(d.problems)")
        #expect(d.problems[0].contains("sampling interval is longer than the aggregation interval"))
        #expect(d.problems[1].contains("number of regions range [2, 1000] is invalid"))
        #expect(d.problems[2].contains("scheme 0: watermarks are out of order"))
    }

    @Test func warningsInTheKernelLog() throws {
        let fs = try running("paddr")
        let d = DamonDiagnosis.examine(fs: fs, release: "6.18.0",
                                       kernelLog: try logFile(quietLog + ["4,9,9000001,-;damon_sysfs: something failed"]),
                                       processExists: { _ in true })
        #expect(d.problems == ["the kernel logged 1 warning or error message(s) about DAMON (last: [    9.000001] damon_sysfs: something failed)"])
    }

    @Test func unreadableLogAndNoDamon() throws {
        let d = DamonDiagnosis.examine(fs: SysfsEmulator(damonPresent: false), release: nil,
                                       kernelLog: "/nonexistent/kmsg", processExists: { _ in true })
        #expect(d.messagesError == "cannot read /nonexistent/kmsg: No such file or directory")
        #expect(d.problems.count == 1 && d.problems[0].hasPrefix("no DAMON interface found"))
        #expect(d.features.allSatisfy { !$0.supported })
    }

    @Test func modulesAndDebugfs() throws {
        let root = NSTemporaryDirectory() + "damo-diag-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, content) in [
            "module/damon_reclaim/parameters/enabled": "Y", "module/damon_reclaim/parameters/kdamond_pid": "-1",
            "module/damon_lru_sort/parameters/enabled": "N", "module/damon_lru_sort/parameters/kdamond_pid": "-1",
            "kernel/debug/damon/monitor_on": "on", "kernel/debug/damon/kdamond_pid": "777",
            "kernel/debug/damon/target_ids": "42",
        ] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try (content + "\n").write(toFile: full, atomically: false, encoding: .utf8)
        }
        let d = DamonDiagnosis.examine(fs: RealDamonFS(root: root), release: "5.17.0", kernelLog: try logFile([]),
                                       processExists: { $0 != 777 })
        #expect(d.debugfs == DamonDiagnosis.Debugfs(monitorOn: "on", kdamondPid: "777", targetIds: "42"))
        #expect(d.modules.map(\.name) == ["damon_reclaim", "damon_lru_sort"])
        #expect(d.problems == [
            "the debugfs interface's kdamond (pid 777) does not exist",
            "damon_reclaim is enabled, but its kdamond is not running (kdamond_pid -1)",
        ])
    }

    /// 6.1's debugfs monitor_on says "on" while a sysfs kdamond runs; its
    /// kdamond_pid "none" shows debugfs itself is not in use.
    @Test func debugfsMonitorOnOfSysfsKdamonds() throws {
        let fs = try running("paddr")
        let root = NSTemporaryDirectory() + "damo-diag-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/kernel/debug/damon", withIntermediateDirectories: true)
        for (name, content) in ["monitor_on": "on", "kdamond_pid": "none", "target_ids": ""] {
            try (content + "\n").write(toFile: root + "/kernel/debug/damon/" + name, atomically: false, encoding: .utf8)
        }
        final class Both: DamonFS {
            let sysfs: DamonFS, debugfs: DamonFS
            init(_ s: DamonFS, _ d: DamonFS) { sysfs = s; debugfs = d }
            func pick(_ p: String) -> DamonFS { p.hasPrefix("kernel/debug") ? debugfs : sysfs }
            func read(_ p: String) throws(DamonFSError) -> String { try pick(p).read(p) }
            func write(_ p: String, _ v: String) throws(DamonFSError) { try pick(p).write(p, v) }
            func list(_ p: String) throws(DamonFSError) -> [String] { try pick(p).list(p) }
            func exists(_ p: String) -> Bool { pick(p).exists(p) }
            func isDirectory(_ p: String) -> Bool { pick(p).isDirectory(p) }
        }
        let d = DamonDiagnosis.examine(fs: Both(fs, RealDamonFS(root: root)), release: "6.1.0",
                                       kernelLog: try logFile([]), processExists: { _ in true })
        #expect(d.debugfs?.kdamondPid == "none")
        #expect(d.problems.isEmpty, "\(d.problems)")
    }

    @Test func kernelLogRecords() throws {
        let path = try logFile(["3,10,5,c;damon: x", " DEVICE=+foo", "bad record", "12,11,61000000,-;DAMON_RECLAIM: y;z"])
        let messages = try KernelLog.read(path: path)
        #expect(messages.map(\.level) == [3, 4])
        #expect(messages.map(\.line) == ["[    0.000005] damon: x", "[   61.000000] DAMON_RECLAIM: y;z"])
        #expect(KernelLog.aboutDamon(messages).count == 2)
    }
}
