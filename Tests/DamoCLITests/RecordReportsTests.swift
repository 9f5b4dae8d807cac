import DamoTestSupport
import Foundation
import Testing

/// Reports over what `damo record` writes beside the record, against
/// damo 3.4.3's output kept in Tests/Fixtures (footprints/: a
/// `.mem_footprint` file and damo's reports of it).
@Suite struct RecordReportsTests {
    static let footprintCases = CommandCase.load(fixtures + "/footprints/cases.txt", separator: "|")

    @Test(arguments: footprintCases)
    func footprintsMatchDamo(_ c: CommandCase) throws {
        let run = try Damo.run(c.arguments, in: fixtures + "/footprints/inputs")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = try #require(FileManager.default.contents(atPath: fixtures + "/footprints/expected/" + c.name))
        #expect(run.stdout == expected, "output of \(c.name) differs from damo 3.4.3's")
    }

    @Test func footprintCasesAreThere() {
        #expect(RecordReportsTests.footprintCases.count == 7)
    }

    @Test func footprintErrorsAreOneLine() throws {
        let dir = fixtures + "/footprints/inputs"
        for args in [["report", "footprints", "--input", "nothere"], ["report", "footprints", "nosuchmetric"],
                     ["report", "footprints", "--input", "../cases.txt"], ["report", "footprints", "--sortby", "x"]] {
            let run = try Damo.run(args, in: dir)
            #expect(run.status == 1, "\(args)")
            #expect(run.stderr.hasPrefix("damo: ") && run.stderr.split(separator: "\n").count == 1, "\(args): \(run.stderr)")
        }
    }

    /// Sizes in binary units for people; damo's kilobytes with --raw_number.
    @Test(arguments: [([String](), ">memory footprint (TiB)<"), (["--raw_number"], ">memory footprint (kilobytes)<")])
    func footprintsPlot(extra: [String], label: String) throws {
        let dir = TemporaryDirectory.scratchPath("damo-fp")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let run = try Damo.run(["report", "footprints", "rss", "--input",
                                fixtures + "/footprints/inputs/damon.data.mem_footprint", "--plot", "fp.svg"] + extra,
                               in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: dir + "/fp.svg", encoding: .utf8)
        #expect(svg.contains(label))
    }
}

/// `report holistic` against damo 3.4.3's text (Tests/Fixtures/holistic,
/// made with a stand-in perf that prints numbered lines).  damo's
/// heatmaps come out empty (it selects records of kdamond None); ours
/// are drawn, so their pixel rows are the only lines damo lacks.
@Suite struct HolisticReportTests {
    func run(_ extra: [String]) throws -> DamoRun {
        let perfDir = fixtures + "/holistic"
        let profile = NSTemporaryDirectory() + "damo-holistic-\(UUID().uuidString).profile"
        _ = FileManager.default.createFile(atPath: profile, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: profile) }
        return try Damo.run(["report", "holistic", "--access_pattern", "perf.data.script",
                             "--footprints", "../../footprints/inputs/damon.data.mem_footprint",
                             "--profile", profile] + extra,
                            in: fixtures + "/compat/inputs",
                            environment: ["PATH": perfDir + ":/usr/local/bin:/usr/bin:/bin"])
    }

    @Test(arguments: [("short", [String]()), ("long", ["--long"])])
    func matchesDamoButForHeatmapRows(_ name: String, _ extra: [String]) throws {
        let ours = try run(extra)
        #expect(ours.status == 0, "\(ours.stderr)")
        let expected = try String(contentsOfFile: fixtures + "/holistic/expected-" + name, encoding: .utf8)
        let rows = ours.text.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.contains("\u{1b}[") }
        let rest = ours.text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\u{1b}[") }
        #expect(rest.joined(separator: "\n") == expected)
        // Three address ranges, 5 (short) or 10 (long) rows each.
        #expect(rows.count == (name == "short" ? 15 : 30))
    }
}
