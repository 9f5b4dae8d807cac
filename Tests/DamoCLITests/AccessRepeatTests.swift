import DamonEmulator
import DamoTestSupport
import Foundation
import Testing

/// `report access --repeat`: reports of record files as damo 3.4.3 prints
/// them again and again, live snapshots of an emulated running kdamond
/// taken anew each time with the kernel left as found, and the stop
/// request and argument mistakes.
@Suite struct AccessRepeatTests {
    static let dir = fixtures + "/access_repeat"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: "|")

    @Test(arguments: cases)
    func recordFilesMatchDamo(_ c: CommandCase) throws {
        let run = try Damo.run(c.arguments, in: fixtures + "/compat/inputs")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = try #require(FileManager.default.contents(atPath: Self.dir + "/\(c.name).out"))
        #expect(run.stdout == expected, "output of \(c.name) differs from damo 3.4.3's")
    }

    @Test func fixturesCoverEveryCase() { #expect(Self.cases.count == 3) }

    /// Each report of a repetition is the report made once.
    @Test func eachRepetitionIsTheSingleReport() {
        let input = fixtures + "/compat/inputs/damon.data.multi"
        let once = DamoInProcess.run(["report", "access", "-i", input, "--total_sz_only"])
        let thrice = DamoInProcess.run(["report", "access", "-i", input, "--total_sz_only", "--repeat", "0", "3"])
        #expect(once.status == 0 && thrice.status == 0, "\(once.stderr)\(thrice.stderr)")
        #expect(thrice.text == once.text + once.text + once.text)
    }

    @Test func liveSnapshotsAreTakenEachTimeAndTheKernelLeftAsFound() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        kernel.with { $0.clearWriteLog() }
        let before = kernel.parameters()
        let run = kernel.run(["report", "access", "--raw_form", "--repeat", "0.1", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "base_time_absolute:").count - 1 == 3, "\(run.text)")
        #expect(run.text.components(separatedBy: "000000001000-000000200000").count - 1 == 3)
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
        // Each snapshot installs its scheme (commit) and removes it (commit).
        let commits = kernel.with { $0.successfulWrites.filter { $0.path.hasSuffix("/state") && $0.value == "commit" } }
        #expect(commits.count == 6)
    }

    @Test func theDetailedReportRepeatsLive() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        let run = kernel.run(["report", "access", "--repeat", "0", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "total size:").count - 1 == 2, "\(run.text)")
    }

    /// `--repeat` alone: every second until SIGINT, which ends it between
    /// two reports with the kernel as it was and a zero exit status.
    @Test func aStopRequestEndsAnEndlessRepetitionCleanly() throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(schemes: [("pageout", 0, 0)], regions: LiveSnapshotCLITests.regions)
        let before = kernel.parameters()
        let run = kernel.run(["report", "access", "--raw_form", "--repeat"], stop: TestStop(after: 2))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "base_time_absolute:").count - 1 == 2, "\(run.text)")
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
    }

    /// The program on Ctrl+C: at whatever point of a repetition the
    /// signal comes (in a snapshot, in a report, in the sleep), damo exits
    /// 0 with whole reports and the kdamond's files as they were.
    @Test(arguments: [0, 30_000, 70_000])
    func sigintEndsTheProgramCleanly(_ extraDelayUs: UInt32) throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        let before = kernel.parameters()
        let tmp = TemporaryDirectory("damo-repeat")
        let damo = try BackgroundDamo(["report", "access", "--raw_form", "--repeat", "0.05", "100000",
                                       "--interface_root", kernel.root], in: tmp.path)
        #expect(damo.waitForOutput("base_time_absolute"))
        usleep(extraDelayUs)
        damo.signal(SIGINT)
        let run = damo.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let reports = run.text.components(separatedBy: "base_time_absolute:").count - 1
        #expect(reports >= 1 && run.text.components(separatedBy: "nr_regions:").count - 1 == reports)
        #expect(EmulatorDiff.lines(before, kernel.parameters()) == [])
        #expect(kernel.isRunning())
    }

    @Test func aZeroCountReportsNothing() {
        let run = DamoInProcess.run(["report", "access", "-i", fixtures + "/compat/inputs/damon.data.multi",
                                     "--repeat", "1", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == "")
    }

    @Test(arguments: [
        (["--repeat", "1"], "--repeat receives only zero or two arguments"),
        (["--repeat", "1", "2", "3"], "--repeat receives only zero or two arguments"),
        (["--repeat", "soon", "2"], "is not a delay"),
        (["--repeat", "1", "twice"], "count must be a non-negative integer"),
        (["--repeat", "1", "2.5"], "count must be a non-negative integer"),
        (["--repeat", "1e9999", "2"], "--repeat: "),
    ])
    func argumentMistakesAreOneLine(_ extra: [String], _ message: String) throws {
        let kernel = try EmulatedKernel()
        try kernel.startPaddr(regions: LiveSnapshotCLITests.regions)
        kernel.with { $0.clearWriteLog() }
        let run = kernel.run(["report", "access"] + extra)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        // Nothing was asked of the kernel.
        #expect(kernel.with { $0.successfulWrites }.isEmpty)
    }

    /// Words that follow no --repeat are not taken for its values.
    @Test func strayWordsAreUnrecognized() {
        let run = DamoInProcess.run(["report", "access", "--raw_form", "stray", "--repeat", "0", "1",
                                     "-i", fixtures + "/compat/inputs/damon.data.multi"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unrecognized arguments: stray"), "\(run.stderr)")
    }

    /// The last --repeat counts, as with argparse.
    @Test func theLastRepeatCounts() {
        let run = DamoInProcess.run(["report", "access", "-i", fixtures + "/compat/inputs/damon.data.multi",
                                     "--total_sz_only", "--repeat", "0", "5", "--repeat", "0", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "record DAMON intervals").count - 1 == 2, "\(run.text)")
    }
}
