import DamoTestSupport
import Foundation
import Testing

/// `report heatmap --interactive_edit`: the damo binary given the user's
/// answers on standard input, its prompts and redrawn maps compared with
/// damo 3.4.3's; answers damo would crash on are asked again here, and
/// the end of the input ends the session.
@Suite struct HeatmapEditTests {
    static let dir = fixtures + "/heatmap_edit"
    static let inputs = fixtures + "/compat/inputs"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: "|")

    func run(_ arguments: [String], answers: String) throws -> DamoRun {
        try Damo.run(arguments, in: Self.inputs, input: Data(answers.utf8))
    }

    @Test(arguments: cases)
    func sessionsMatchDamo(_ c: CommandCase) throws {
        let answers = try #require(FileManager.default.contents(atPath: Self.dir + "/\(c.name).in"))
        let run = try Damo.run(c.arguments, in: Self.inputs, input: answers)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = try #require(FileManager.default.contents(atPath: Self.dir + "/\(c.name).out"))
        #expect(run.stdout == expected, "output of \(c.name) differs from damo 3.4.3's")
    }

    @Test func fixturesCoverEveryCase() { #expect(Self.cases.count == 5) }

    static let base = ["report", "heatmap", "--interactive_edit", "--output", "raw", "--resol", "2", "3"]

    /// Each drawing of a session, split at the prompts.
    func drawings(_ text: String) -> [String] {
        text.components(separatedBy: "Enter (zoom, scroll, quit, help): ").filter { !$0.isEmpty && $0 != "\n" }
    }

    /// The map drawn after the last percentage asked for.
    func lastEdited(_ text: String) -> String? {
        drawings(text).last?.components(separatedBy: "Enter percentage: ").last
    }

    @Test func theEndOfTheInputEndsTheSession() throws {
        let run = try run(Self.base, answers: "+\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(drawings(run.text).count == 2, "\(run.text)")
        #expect(run.text.hasSuffix("Enter (zoom, scroll, quit, help): \n"))
    }

    @Test func withoutTheOptionNothingIsAsked() throws {
        let run = try run(Array(Self.base.filter { $0 != "--interactive_edit" }), answers: "+\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.text.contains("Enter"))
    }

    /// damo fails on an unknown axis or a percentage that is no number;
    /// here they are asked again, as is a zoom of zero or less.
    @Test func wrongAnswersAreAskedAgain() throws {
        let run = try run(Self.base, answers: "zoom\n9\n1\nabc\n0\n-5\n50\nq\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "Wrong input.").count - 1 == 4, "\(run.text)")
        let maps = drawings(run.text)
        #expect(maps.count == 2)
        // The same as answering right at once.
        let direct = try self.run(Self.base, answers: "zoom\n1\n50\nq\n")
        #expect(lastEdited(direct.text) == lastEdited(run.text))
        #expect(lastEdited(run.text)?.isEmpty == false)
    }

    @Test func editsBeyondWhatAMapCanHoldAreRefused() throws {
        let run = try run(Self.base, answers: "scroll\n2\n-1e20\nzoom\n3\n1e30\nq\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.components(separatedBy: "cannot be moved or zoomed that far").count - 1 == 2, "\(run.text)")
    }

    /// Maps scrolled off the record (negative addresses, no snapshot in
    /// the time range) are drawn empty, where damo fails.
    @Test func mapsOffTheRecordAreDrawn() throws {
        let ascii = Self.base.filter { $0 != "raw" && $0 != "--output" }
        let run = try run(ascii, answers: "scroll\n3\n-300\nscroll\n2\n-1e6\nq\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("# no access information in the given time and address ranges"), "\(run.text)")
    }

    @Test func imagesAreDrawnAgain() throws {
        let tmp = TemporaryDirectory("damo-heatmap-edit")
        let png = tmp.path + "/map.png"
        let run = try run(["report", "heatmap", "--interactive_edit", "--output", png, "--resol", "20", "20"],
                          answers: "+\nq\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: png))
        #expect(drawings(run.text).isEmpty && run.text.components(separatedBy: "Enter (zoom").count == 3)
    }
}
