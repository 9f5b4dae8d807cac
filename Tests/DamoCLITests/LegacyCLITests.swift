import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Command lines of earlier damo releases: each still works, with damo's
/// deprecation notice on standard error (run in this process; `schemes`
/// as a program, signalled).
@Suite struct LegacyCLITests {
    let tmp = TemporaryDirectory("damo-legacy")
    var dir: String { tmp.path }
    let record = fixtures + "/compat/inputs/damon.data.snapshot.anon"
    let schemesFile = fixtures + "/legacy/single_line_schemes.damos"

    func expected(_ name: String) throws -> String {
        try String(contentsOfFile: fixtures + "/compat/expected/" + name, encoding: .utf8)
    }

    @Test func showIsReportAccess() throws {
        let show = DamoInProcess.run(["show", "--input", record, "--style", "detailed"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.text == (try expected("access-detailed-anon")))
        #expect(show.stderr.hasPrefix("WARNING: 'damo show' is deprecated.\n    The support will be removed by 2025-01-20.\n    Use \"damo report access\" instead.\n"))
        let raw = DamoInProcess.run(["show", "--input", record, "--raw_form"])
        let reference = DamoInProcess.run(["report", "access", "--input", record, "--raw_form"])
        #expect(raw.stdout == reference.stdout)
        #expect(reference.stderr.isEmpty)
    }

    @Test func reportRawAndHeatsWarn() throws {
        let raw = DamoInProcess.run(["report", "raw", "--input", record])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(raw.stderr.contains("WARNING: 'damo report raw' is deprecated."))
        #expect(raw.stderr.contains("Use \"damo report access --raw_form\" instead."))
        let heats = DamoInProcess.run(["report", "heats", "--input", record])
        #expect(heats.status == 0, "\(heats.stderr)")
        #expect(heats.stderr.hasPrefix("WARNING: 'damo report heats' is deprecated.\n    Use \"damo report heatmap\" instead.\n"))
        let heatmap = DamoInProcess.run(["report", "heatmap", "--input", record, "--output", "raw"])
        #expect(heats.stdout == heatmap.stdout)
    }

    @Test func fmtJSONIsArgsDamonJSON() throws {
        let options = ["--ops", "paddr", "--regions", "4096-8192", "--damos_action", "pageout",
                       "--damos_access_rate", "0", "0", "--monitoring_intervals", "10ms", "200ms", "2s"]
        let legacy = DamoInProcess.run(["fmt_json"] + options)
        let current = DamoInProcess.run(["args", "damon", "--format", "json"] + options)
        #expect(legacy.status == 0, "\(legacy.stderr)")
        #expect(legacy.text == current.text)
        #expect(legacy.stderr.hasPrefix("WARNING: 'damo fmt_json' is deprecated.\n    Use \"damo args damon --format json\" instead.\n"))
        let raw = DamoInProcess.run(["fmt_json", "--raw"] + options)
        let currentRaw = DamoInProcess.run(["args", "damon", "--format", "json", "--raw"] + options)
        #expect(raw.text == currentRaw.text)
        #expect(raw.text.contains("\"aggr_us\": \"200000\""))
    }

    /// One-line schemes through -c: the same parameters as the JSON list
    /// translate_damos makes of them, with damo's own notice.
    @Test func singleLineSchemesAndTranslateAgree() throws {
        let translated = DamoInProcess.run(["translate_damos", schemesFile])
        #expect(translated.status == 0, "\(translated.stderr)")
        #expect(translated.stderr.hasPrefix("WARNING: 'damo translate_damos' is deprecated."))
        let jsonFile = dir + "/schemes.json"
        try translated.stdout.write(to: URL(fileURLWithPath: jsonFile))
        let base = ["args", "damon", "--ops", "paddr", "--regions", "4096-8192"]
        let fromLines = DamoInProcess.run(base + ["-c", schemesFile])
        let fromJSON = DamoInProcess.run(base + ["--schemes", jsonFile])
        #expect(fromLines.status == 0, "\(fromLines.stderr)")
        // A 'max' access rate is printed as 2^64-1 percent, which reads
        // back as a float (as in damo); the rest is the same.
        func exact(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.contains("551,61") } }
        #expect(exact(fromLines.text) == exact(fromJSON.text))
        #expect(fromLines.text.contains("\"action\": \"lru_prio\""))
        let notice = try String(contentsOfFile: fixtures + "/legacy/single_line_scheme_notice.txt", encoding: .utf8)
        #expect(fromLines.stderr == notice)
        #expect(fromJSON.stderr.isEmpty)
        // A scheme given as text on the command line works too.
        let inline = DamoInProcess.run(base + ["-c", "4K max 0 0 60s max pageout"])
        #expect(inline.status == 0, "\(inline.stderr)")
        #expect(inline.text.contains("\"min\": \"1 m\""))
    }

    @Test func translateDamosErrors() throws {
        let bad = DamoInProcess.run(["translate_damos", "4K max 0 0 60s max fly"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasSuffix("damo: failed --schemes parsing (the schemes: line 1: unknown action 'fly' (expected one of willneed, cold, pageout, hugepage, collapse, nohugepage, lru_prio, lru_deprio, migrate_hot, migrate_cold, stat))\n"))
        let json = DamoInProcess.run(["translate_damos", "[{\"action\": \"stat\"}]"])
        #expect(json.status == 1)
        #expect(json.stderr.contains("damo: the schemes: already JSON"))
        let wrongCount = DamoInProcess.run(["args", "damon", "-c", "4K max 0 0 60s max stat\n1 2 3"])
        #expect(wrongCount.status == 1)
    }

    // MARK: schemes

    /// A kernel-shaped tree of plain files holding a stopped kdamond.
    /// Plain files create no directories on `nr_*` writes, so the tree
    /// has as many schemes as the test will write.
    func makeRoot(schemes: Int = 1) throws -> String {
        let fs = try SysfsEmulator.oneKdamond(schemes: schemes)
        try fs.write(SysfsEmulator.kdamondsPath + "/0/contexts/0/schemes/0/action", "lru_prio")
        let root = dir + "/sysfs"
        try writePlainFiles(fs.dump(), under: root)
        return root
    }

    func read(_ root: String, _ path: String) -> String {
        (try? String(contentsOfFile: root + "/" + SysfsEmulator.kdamondsPath + "/" + path, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "<missing>"
    }

    /// Starts damo in the background; standard error goes to `errors`.
    func launch(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Damo.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        process.standardOutput = out
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        try process.run()
        return (process, out)
    }

    var errors: String { dir + "/stderr" }
    var errorText: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }

    func waitFor(_ condition: () -> Bool, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// `damo schemes -c FILE "<command>"`: DAMON runs while the workload
    /// does; then the kdamond is off and the files are as they were.
    @Test func schemesRunsForTheWorkloadAndRestores() throws {
        let root = try makeRoot(schemes: 7)
        let (process, out) = try launch(["schemes", "--interface_root", root, "-c", fixtures + "/legacy/single_line_schemes.damos",
                                         "sleep 3"])
        #expect(waitFor { read(root, "0/state") == "on" }, "\(errorText)")
        #expect(read(root, "0/contexts/0/operations") == "vaddr")
        #expect(read(root, "0/contexts/0/schemes/nr_schemes") == "7")
        #expect(read(root, "0/contexts/0/schemes/0/action") == "pageout")
        #expect(read(root, "0/contexts/0/schemes/6/action") == "lru_prio")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "Press Ctrl+C to stop\n")
        #expect(read(root, "0/state") == "off")
        #expect(read(root, "0/contexts/0/operations") == "paddr")
        #expect(read(root, "0/contexts/0/schemes/nr_schemes") == "7")
        #expect(read(root, "0/contexts/0/schemes/0/action") == "lru_prio")
        #expect(read(root, "0/contexts/0/schemes/6/action") == "stat")
    }

    /// Without a workload of its own, schemes runs until a signal.
    @Test func schemesEndsOnSignal() throws {
        let root = try makeRoot()
        let (process, out) = try launch(["schemes", "--interface_root", root, "--ops", "paddr", "--regions", "4096-8192",
                                         "--damos_action", "pageout"])
        #expect(waitFor { read(root, "0/state") == "on" }, "\(errorText)")
        #expect(read(root, "0/contexts/0/schemes/0/action") == "pageout")
        usleep(300_000)
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    == "Press Ctrl+C to stop\n\nsignal \(SIGTERM) received\n")
        #expect(read(root, "0/state") == "off")
        #expect(read(root, "0/contexts/0/schemes/0/action") == "lru_prio")
    }

    /// The kernel (here: the test) ending the kdamond ends schemes.
    @Test func schemesEndsWhenTheKdamondStops() throws {
        let root = try makeRoot()
        let (process, _) = try launch(["schemes", "--interface_root", root, "--ops", "paddr", "--regions", "4096-8192",
                                       "--damos_action", "stat"])
        #expect(waitFor { read(root, "0/state") == "on" }, "\(errorText)")
        try "off\n".write(toFile: root + "/" + SysfsEmulator.kdamondsPath + "/0/state", atomically: false, encoding: .utf8)
        #expect(waitFor { !process.isRunning })
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(read(root, "0/contexts/0/schemes/0/action") == "lru_prio")
    }

    @Test func schemesBadInput() throws {
        let root = try makeRoot()
        let run = try Damo.run(["schemes", "--interface_root", root, "-c", "4K max 0 0 60s max fly", "--ops", "paddr"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("damo: invalid arguments (failed damo schemes arguments parsing (--schemes: line 1: unknown action 'fly'"))
        #expect(read(root, "0/contexts/0/schemes/0/action") == "lru_prio")
    }
}
