#if canImport(Glibc)
import Glibc
#endif
import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// Records made by `damo record` against the emulator read the same
/// through our reports and python damo 3.4.3's (when it is installed):
/// the same raw form, and the same report text of the deterministic
/// reports.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: ReferenceDamo.path),
                "python damo 3.4.3 is not installed"))
struct RecordCompatTests {
    let tmp = TemporaryDirectory("damo-record-compat")
    var dir: String { tmp.path }

    /// python damo `report ...` on a file; stdout only.
    func reference(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ReferenceDamo.path)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        // Python must not find a running DAMON either.
        var env = ProcessInfo.processInfo.environment
        env["DAMO_INTERFACE_ROOT"] = Damo.noDamonRoot
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// More than the 20 first snapshots wss and nr_regions skip.
    func record(_ extra: [String]) throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(start: 1 << 20, end: 64 << 20, aggrUs: 40_000, regions: [])
        kernel.with { $0.setRegions(provider: RecordCLITests.movingHotspot) }
        let run = try Damo.run(["record", "--interface_root", kernel.root, "--timeout", "1.6"]
                               + RecordCLITests.noPerf + extra, in: dir)
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test(arguments: ["json_compressed", "perf_script"])
    func rawFormIsTheSame(_ type: String) throws {
        try record(["--output_type", type, "-o", "rec.\(type)"])
        for args in [["report", "access", "--raw_form"], ["report", "access", "--raw_form", "--raw_number"]] {
            let ours = try Damo.run(args + ["--input", "rec.\(type)"], in: dir)
            #expect(ours.status == 0, "\(ours.stderr)")
            let theirs = try reference(args + ["--input", "rec.\(type)"])
            #expect(!theirs.isEmpty)
            #expect(ours.text == theirs)
        }
    }

    @Test func reportsAreTheSame() throws {
        try record([])
        for args in [["report", "access"], ["report", "access", "--style", "temperature-sz-hist"],
                     ["report", "wss", "--raw_number"], ["report", "nr_regions"],
                     ["report", "heatmap", "--output", "raw"], ["report", "record_info"]] {
            let ours = try Damo.run(args + ["--input", "damon.data"], in: dir)
            #expect(ours.status == 0, "\(args): \(ours.stderr)")
            let theirs = try reference(args + ["--input", "damon.data"])
            #expect(ours.text == theirs, "\(args)")
        }
    }

    /// `report times` and `report profile` (through a perf that prints
    /// its arguments, so the --time ranges are compared) of a record.
    @Test func timesAndProfileAreTheSame() throws {
        try record([])
        let echo = dir + "/echoperf"
        try "#!/bin/bash\necho \"$@\"\n".write(toFile: echo, atomically: true, encoding: .utf8)
        chmod(echo, 0o755)
        _ = FileManager.default.createFile(atPath: dir + "/damon.data.profile", contents: Data())
        for filter in [["--access_rate", "50", "1000"], ["--access_rate", "0", "0"], ["--sz_region", "0", "2M"]] {
            let times = ["report", "times", "--inputs", "damon.data", "damon.data.profile"] + filter
            let ours = try Damo.run(times, in: dir)
            #expect(ours.status == 0, "\(ours.stderr)")
            #expect(ours.text == (try reference(times)), "\(filter)")
            let profile = ["report", "profile", "--perf_path", echo] + filter
            let oursProfile = try Damo.run(profile, in: dir)
            #expect(oursProfile.status == 0, "\(oursProfile.stderr)")
            #expect(oursProfile.text.hasPrefix("report -i damon.data.profile --time "), "\(oursProfile.text)")
            #expect(oursProfile.text == (try reference(profile)), "\(filter)")
        }
    }
}
