import DamoTestSupport
import Foundation
import Testing

/// `report access --format NAME.json` (one value: the whole format as
/// one object) against damo 3.4.3's report of the same record with the
/// options NAME.json stands for (Tests/Fixtures/access_format, made by
/// make.sh there; damo 3.4.3 itself reads such an object, then fails).
@Suite struct AccessFormatObjectTests {
    static let dir = fixtures + "/access_format"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: ":")
    static let input = fixtures + "/damon_stat/record-hot.data"

    static func expected(_ name: String) throws -> String {
        try String(contentsOfFile: "\(dir)/\(name).out", encoding: .utf8)
    }

    @Test(arguments: cases)
    func objectFileGivesDamosReport(_ c: CommandCase) throws {
        let run = DamoInProcess.run(["report", "access", "--input", Self.input, "--format", "\(Self.dir)/\(c.name).json"])
        #expect(run.status == 0, "\(c.name): \(run.stderr)")
        #expect(run.text == (try Self.expected(c.name)), "\(c.name)")
    }

    @Test(arguments: cases)
    func optionsGiveTheSameReport(_ c: CommandCase) throws {
        let run = DamoInProcess.run(["report", "access", "--input", Self.input] + c.arguments)
        #expect(run.text == (try Self.expected(c.name)), "\(c.name): \(run.stderr)")
    }

    @Test func objectAsJSONText() throws {
        let text = try String(contentsOfFile: "\(Self.dir)/sorted.json", encoding: .utf8)
        let run = DamoInProcess.run(["report", "access", "--input", Self.input, "--format", text])
        #expect(run.text == (try Self.expected("sorted")), "\(run.stderr)")
    }

    @Test func fixturesPresent() { #expect(Self.cases.count >= 4) }

    /// damo says 'wrong --format option' for all of these; ours adds what.
    @Test(arguments: [
        ("{bad", "JSON: invalid JSON"),
        ("{\"a\": 1}", "sort_regions_by: missing"),
        ("/nonexistent/format.json", "/nonexistent/format.json: no such file"),
    ])
    func wrongObjectIsOneLine(_ arg: String, _ what: String) {
        let run = DamoInProcess.run(["report", "access", "--input", Self.input, "--format", arg])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("format setting failed (wrong --format option: \(what)"), "\(run.stderr)")
    }
}
