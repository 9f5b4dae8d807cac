#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `damo record` on the emulated kernel (tried regions from a script),
/// run in this process or, where signals and file size limits are what is
/// tested, as a program; files read back by our reports.
@Suite struct RecordCLITests {
    let tmp = TemporaryDirectory("damo-record")
    var dir: String { tmp.path }

    /// A hot MiB that moves up by one MiB every snapshot, in 64 MiB.
    static func movingHotspot(_ update: Int) -> [EmulatedRegion] {
        let mib: UInt64 = 1 << 20
        let hot = UInt64(update % 60 + 1)
        return [
            EmulatedRegion(start: mib, end: hot * mib, nrAccesses: 0, age: UInt64(update)),
            EmulatedRegion(start: hot * mib, end: (hot + 1) * mib, nrAccesses: 15, age: 1),
            EmulatedRegion(start: (hot + 1) * mib, end: 64 * mib, nrAccesses: 1, age: UInt64(update)),
        ]
    }

    static let noPerf = ["--do_record", "access", "mem_footprint", "vmas", "proc_stats"]

    func emulatedWithHotspot(_ layout: SysfsLayout = .v6_18) throws -> EmulatedKernel {
        let kernel = try EmulatedKernel(layout)
        try kernel.startPaddr(start: 1 << 20, end: 64 << 20, regions: [])
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        return kernel
    }

    func rawForm(_ path: String) throws -> DamoRun {
        DamoInProcess.run(["report", "access", "--raw_form", "--input", path])
    }

    /// `record` in this process, its files in the test's directory.
    func record(_ kernel: EmulatedKernel, _ arguments: [String], out: String = "damon.data") -> DamoRun {
        kernel.run(["record", "-o", dir + "/" + out] + arguments)
    }

    func permission(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test func recordsTheRunningDamonUntilTheTimeout() throws {
        let kernel = try emulatedWithHotspot()
        let before = kernel.parameters()
        let run = record(kernel, ["--timeout", "1.2"] + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("Press Ctrl+C to stop"))
        let raw = try rawForm(dir + "/damon.data")
        #expect(raw.status == 0, "\(raw.stderr)")
        // One snapshot per aggregation interval (100 ms).
        let snapshots = raw.text.components(separatedBy: "nr_regions:").count - 1
        #expect((6...14).contains(snapshots), "\(snapshots) snapshots")
        for name in ["damon.data", "damon.data.kdamonds", "damon.data.mem_footprint", "damon.data.vmas",
                     "damon.data.proc_stats"] {
            #expect(permission(dir + "/" + name) == 0o600, "\(name)")
        }
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!entries.contains { $0.hasPrefix(".") }, "temporary files left: \(entries)")
    }

    @Test func startsDamonForTheRecordingAndPutsItBack() throws {
        let kernel = try EmulatedKernel()
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let before = kernel.parameters()
        let run = record(kernel, ["--ops", "paddr", "--regions", "1048576-67108864", "--timeout", "0.6",
                                  "--output_permission", "640"] + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!kernel.isRunning())
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(permission(dir + "/damon.data") == 0o640)
        let kdamonds = try String(contentsOfFile: dir + "/damon.data.kdamonds", encoding: .utf8)
        #expect(kdamonds.contains("\"ops\": \"paddr\""), "\(kdamonds)")
        #expect(try rawForm(dir + "/damon.data").status == 0)
    }

    @Test func stopsWhenTheTargetExits() throws {
        let kernel = try EmulatedKernel()
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let started = Date()
        let run = record(kernel, ["sleep 2"] + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(!kernel.isRunning())
        let raw = try rawForm(dir + "/damon.data")
        #expect(raw.status == 0, "\(raw.stderr)")
        let footprints = try String(contentsOfFile: dir + "/damon.data.mem_footprint", encoding: .utf8)
        #expect(footprints.contains("\"resident\""))
    }

    @Test func snapshotCountAndDelay() throws {
        let kernel = try emulatedWithHotspot()
        let run = record(kernel, ["--snapshot", "0.1", "3", "--output_type", "json"] + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        let raw = try rawForm(dir + "/damon.data")
        #expect(raw.text.components(separatedBy: "nr_regions:").count - 1 == 3, "\(raw.text)")
        let json = try String(contentsOfFile: dir + "/damon.data", encoding: .utf8)
        #expect(json.hasPrefix("[\n    {\n        \"kdamond_idx\": 0,"))
    }

    @Test func sigintAndSigtermEndWithACompleteRecord() throws {
        for sig in [SIGINT, SIGTERM] {
            let kernel = try emulatedWithHotspot()
            let before = kernel.parameters()
            let damo = try BackgroundDamo(["record", "--interface_root", kernel.root] + Self.noPerf, in: dir)
            #expect(damo.waitForOutput("Press Ctrl+C to stop"))
            usleep(300_000)
            damo.signal(sig)
            let run = damo.wait()
            #expect(run.status == sig, "\(run.stderr)")
            #expect(run.text.contains("signal \(sig) received"))
            #expect(try rawForm(dir + "/damon.data").status == 0)
            #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        }
    }

    /// A stop request while recording (as Ctrl-C or SIGTERM would come,
    /// here after a few of record's sleeps): a complete record, DAMON as
    /// found, and the signal's number as the exit status.
    @Test(arguments: [SIGINT, SIGTERM])
    func aStopRequestEndsWithACompleteRecord(_ sig: Int32) throws {
        let kernel = try emulatedWithHotspot()
        let before = kernel.parameters()
        let run = kernel.run(["record", "-o", dir + "/damon.data"] + Self.noPerf, stop: TestStop(after: 4, signal: sig))
        #expect(run.status == sig, "\(run.stderr)")
        #expect(run.text.contains("signal \(sig) received"))
        #expect(try rawForm(dir + "/damon.data").status == 0)
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
    }

    @Test func anExistingRecordIsKeptAsOld() throws {
        let kernel = try emulatedWithHotspot()
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/out.data"))
        let run = record(kernel, ["--snapshot", "0", "1"] + Self.noPerf, out: "out.data")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: dir + "/out.data.old", encoding: .utf8) == "old")
        #expect(try rawForm(dir + "/out.data").status == 0)
    }

    @Test func badOptionsTouchNothing() throws {
        let kernel = try emulatedWithHotspot()
        kernel.with { $0.clearWriteLog() }
        for args in [["--output_permission", "999"], ["--output_type", "xml"], ["--snapshot", "1"],
                     ["--do_record", "everything"], ["--snapshot_damos_filter", "allow", "nosuchtype"],
                     ["--output_flush_sec", "soon"]] {
            let run = record(kernel, args)
            #expect(run.status == 1, "\(args)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(args): \(run.stderr)")
        }
        #expect(kernel.with { $0.successfulWrites.isEmpty })
        #expect(!FileManager.default.fileExists(atPath: dir + "/damon.data"))
    }

    @Test func flushSplitsIntoCompleteOutputs() throws {
        let kernel = try emulatedWithHotspot()
        let run = record(kernel, ["--output_flush_sec", "1", "--timeout", "2.5"] + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        let parts = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("damon.data.2") }
        #expect(parts.count >= 2, "\(parts)")
        for part in parts {
            #expect(try rawForm(dir + "/" + part + "/damon.data").status == 0, "\(part)")
            #expect(FileManager.default.fileExists(atPath: dir + "/" + part + "/damon.data.mem_footprint"))
        }
    }

    /// Ctrl-C or SIGTERM at any moment: a complete record or none, never
    /// a truncated one, no temporary file left, DAMON as it was.
    @Test func signalsAtRandomMomentsLeaveACompleteRecordOrNone() throws {
        // Recording a running DAMON, and one damo starts (and must stop).
        let running = try emulatedWithHotspot()
        let idle = try EmulatedKernel()
        idle.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let startArgs = ["--ops", "paddr", "--regions", "1048576-67108864"]
        var withRecord = 0
        for i in 0..<20 {
            let sub = dir + "/\(i)"
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            let sig = i % 2 == 0 ? SIGINT : SIGTERM
            let kernel = i % 4 < 2 ? running : idle
            let before = kernel.parameters()
            let damo = try BackgroundDamo(["record", "--interface_root", kernel.root, "-o", "rec.data"] + Self.noPerf
                                          + (kernel === idle ? startArgs : []), in: sub)
            // Some right from the start (before damo may even handle
            // signals), the others while it records or saves.
            if i % 3 != 0 { _ = damo.waitForOutput("Press Ctrl+C to stop") }
            usleep(UInt32.random(in: 0...600_000))
            damo.signal(sig)
            let run = damo.wait()
            #expect([0, sig, 128 + sig].contains(run.status), "\(i): status \(run.status) \(run.stderr)")
            if FileManager.default.fileExists(atPath: sub + "/rec.data") {
                withRecord += 1
                let raw = try Damo.run(["report", "access", "--raw_form", "--input", "rec.data"], in: sub)
                #expect(raw.status == 0, "\(i): \(raw.stderr)")
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: sub)
            #expect(!entries.contains { $0.hasPrefix(".") }, "\(i): temporary files left: \(entries)")
            #expect(EmulatorDiff.lines(before, kernel.parameters()) == [], "\(i)")
            #expect(kernel.isRunning() == (kernel === running), "\(i)")
        }
        #expect(withRecord > 0)
    }

    /// damo's default --include_child_tasks: the workload's children become
    /// targets (committed), and everything goes back afterwards.
    @Test func childProcessesBecomeTargets() throws {
        for exclude in [false, true] {
            let kernel = try EmulatedKernel()
            kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
            let before = kernel.parameters()
            let run = record(kernel, ["bash -c 'sleep 3 & sleep 3 & wait'"] + Self.noPerf
                                        + (exclude ? ["--exclude_child_tasks"] : []))
            #expect(run.status == 0, "\(run.stderr)")
            let counts = kernel.with { $0.successfulWrites.filter { $0.path.hasSuffix("targets/nr_targets") }.map(\.value) }
            #expect(counts.contains("3") == !exclude, "\(counts)")
            #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
            if !exclude {
                let kdamonds = try String(contentsOfFile: dir + "/damon.data.kdamonds", encoding: .utf8)
                #expect(kdamonds.components(separatedBy: "\"pid\": ").count - 1 >= 4, "\(kdamonds)")
            }
        }
    }

    /// A write that fails (here a file size limit, as a full disk would)
    /// names the file and what was kept, and leaves no partial file.
    @Test func aFailedWriteSaysWhatWasKept() throws {
        let kernel = try emulatedWithHotspot()
        let damo = Damo.emulatedBinary
        let run = try Damo.run(["/bin/sh", "-c", "ulimit -f 8; exec \"$0\" \"$@\"", damo, "record",
                                "--interface_root", kernel.root, "--timeout", "3", "--output_type", "perf_script",
                                "--do_record", "access", "mem_footprint"], in: dir, viaShell: true)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("damo: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("damon.data: write failed: File too large"), "\(run.stderr)")
        #expect(run.stderr.contains("kept: damon.data.kdamonds, damon.data.mem_footprint"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/damon.data"))
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!entries.contains { $0.hasPrefix(".") }, "temporary files left: \(entries)")
    }

    /// --schemes_target_regions: the regions the user's schemes were tried
    /// at, a record per scheme.
    @Test func schemesTargetRegions() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(start: 1 << 20, end: 64 << 20, schemes: [("pageout", 10, 20), ("stat", 0, 0)], regions: [])
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let before = kernel.parameters()
        let run = record(kernel, ["--schemes_target_regions", "--snapshot", "0.1", "2", "--output_type", "json"]
                                 + Self.noPerf)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try String(contentsOfFile: dir + "/damon.data", encoding: .utf8)
        #expect(json.contains("\"scheme_idx\": 0") && json.contains("\"scheme_idx\": 1"))
        let raw = try rawForm(dir + "/damon.data")
        // Scheme 0 tried only the hot MiB; scheme 1 the cold rest.
        #expect(raw.text.contains("nr_regions: 1"), "\(raw.text)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
    }
}
