#if canImport(Glibc)
import Glibc
#endif
import DamonKernel
import DamonModel
import DamonRecords
import Foundation
import Testing

/// The /proc readers of `damo record` on a real child process, and the
/// side files in damo 3.4.3's exact JSON layout (as Python's json.dump
/// writes them).
@Suite struct ProcSystemTests {
    /// A child that maps its binary and libraries and stays a while.
    func withChild(_ body: (Int) throws -> Void) throws {
        let pid = try ProcessLauncher.spawnWorkload("sleep 30")
        defer { ProcessLauncher.killWorkload(pid) }
        // Until the shell has exec'd sleep (seconds on a loaded CI machine).
        for _ in 0..<1000 where !(ProcFS.read("/proc/\(pid)/stat") ?? "").contains("(sleep)") { usleep(10_000) }
        try body(Int(pid))
    }

    @Test func footprintOfAChild() throws {
        try withChild { pid in
            let f = ProcSystem.footprint(pid: pid)
            #expect(f.size > 0 && f.resident > 0 && f.resident <= f.size)
            let statm = try String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8)
            #expect(Int(statm.split(separator: " ")[0]) == f.size)
            let sys = ProcSystem.systemFootprint()
            #expect((sys.total ?? 0) > 0 && (sys.free ?? 0) > 0 && (sys.free ?? 0) <= (sys.total ?? 0))
        }
    }

    @Test func vmasOfAChild() throws {
        try withChild { pid in
            // sleep maps its locale files just after exec: compare with a
            // maps text that was the same before and after the read.
            var vmas: [Vma] = []
            var maps = ""
            for _ in 0..<100 {
                let before = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
                vmas = ProcSystem.vmas(pid: pid)
                maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
                if before == maps { break }
                usleep(10_000)
            }
            #expect(vmas.count == maps.split(separator: "\n").count)
            #expect(vmas.contains { $0.name.hasSuffix("/sleep") })
            #expect(vmas.contains { $0.name == "[stack]" })
            #expect(vmas.allSatisfy { $0.start < $0.end })
            #expect(vmas == vmas.sorted { $0.start < $1.start })
        }
    }

    @Test func statOfAChild() throws {
        try withChild { pid in
            let fields = try #require(ProcSystem.stat(pid: pid))
            #expect(fields[0] == String(pid))
            #expect(fields[1] == "(sleep)")
            #expect(fields.count >= 52)
        }
    }

    @Test func goneProcessesReadAsDamoRecordsThem() {
        let pid = 999_999_999
        #expect(ProcSystem.footprint(pid: pid) == ProcMemFootprint())
        #expect(ProcSystem.vmas(pid: pid).isEmpty)
        #expect(ProcSystem.stat(pid: pid) == nil)
    }

    @Test func parsers() {
        #expect(ProcSystem.parseStatm("2 3 4 5 6 7 8\n") == ProcMemFootprint(size: 2, resident: 3, shared: 4, trs: 5, lrs: 6, drs: 7, dt: 8))
        #expect(ProcSystem.parseStatm("1 2") == nil)
        let m = ProcSystem.parseMeminfo("MemTotal:       1000 kB\nMemFree:  200 kB\nCached: 30 kB\n")
        #expect(m == SysMemFootprint(total: 1000, free: 200, available: nil, buffers: nil, cached: 30))
        let v = ProcSystem.parseMaps("55d0c0a00000-55d0c0a02000 r--p 00000000 08:01 131 /usr/bin/sleep\n7ffd-7ffe rw-p 00000000 00:00 0 \n")
        #expect(v == [Vma(start: 0x55d0c0a00000, end: 0x55d0c0a02000, name: "/usr/bin/sleep"), Vma(start: 0x7ffd, end: 0x7ffe, name: "0")])
    }

    @Test func memFootprintFileAsDamoWritesIt() throws {
        let snapshot = MemFootprintsSnapshot(
            time: 1700000000.123456,
            processes: [(42, ProcMemFootprint(size: 1, resident: 2, shared: 3, trs: 4, lrs: 0, drs: 5, dt: 0))],
            system: SysMemFootprint(total: 100, free: 50, available: 70, buffers: 1, cached: 2))
        let text = SystemSnapshotsJSON.memFootprints([snapshot])
        #expect(text == """
            [
                {
                    "time": 1700000000.123456,
                    "footprints": [
                        {
                            "pid": 42,
                            "footprint": {
                                "size": 1,
                                "resident": 2,
                                "shared": 3,
                                "trs": 4,
                                "lrs": 0,
                                "drs": 5,
                                "dt": 0
                            }
                        },
                        {
                            "pid": null,
                            "footprint": {
                                "total": 100,
                                "free": 50,
                                "available": 70,
                                "buffers": 1,
                                "cached": 2
                            }
                        }
                    ]
                }
            ]
            """)
        #expect(try SystemSnapshotsJSON.readMemFootprints(text) == [snapshot])
    }

    @Test func vmasAndStatsFilesAsDamoWritesThem() {
        let vmas = SystemSnapshotsJSON.vmas([ProcVmasSnapshot(time: 1.5, processes: [
            ProcVmas(pid: 42, vmas: [Vma(start: 4096, end: 8192, name: "/usr/bin/sleep")])])])
        #expect(vmas == """
            [
                {
                    "time": 1.5,
                    "procvmas": [
                        {
                            "pid": 42,
                            "vmas": [
                                {
                                    "start": 4096,
                                    "end": 8192,
                                    "name": "/usr/bin/sleep"
                                }
                            ]
                        }
                    ]
                }
            ]
            """)
        let stats = SystemSnapshotsJSON.procStats([ProcStatsSnapshot(time: 2.0, fields: [["42", "(sleep)", "S"], nil])])
        #expect(stats == """
            [
                {
                    "time": 2.0,
                    "proc_stats": [
                        {
                            "fields": [
                                "42",
                                "(sleep)",
                                "S"
                            ]
                        },
                        {
                            "fields": null
                        }
                    ]
                }
            ]
            """)
    }

    @Test func footprintFileErrorsSayWhere() {
        #expect(throws: KVError.self) { try SystemSnapshotsJSON.readMemFootprints("{}") }
        do {
            _ = try SystemSnapshotsJSON.readMemFootprints(#"[{"time": 1.0, "footprints": [{"pid": 3, "footprint": {"size": 1}}]}]"#)
            Issue.record("accepted a footprint without resident")
        } catch {
            #expect("\(error)".contains("[0].footprints[0].footprint"), "\(error)")
        }
    }
}
