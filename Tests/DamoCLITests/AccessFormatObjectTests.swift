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

/// `damo args accesses_format` (damo 3.4.3 fails on every use): the
/// object it prints, fed back as `report access --format FILE`, gives the
/// report of the options themselves (for records without DAMOS filters,
/// probes or goals where an `append` or --region_box builds on a default
/// template).  --raw_form is no part of damo's object.
@Suite struct ArgsAccessesFormatTests {
    static let input = AccessFormatObjectTests.input

    static func roundTrip(_ options: [String], yaml: Bool = false) throws -> (byOptions: String, byObject: String) {
        let printed = DamoInProcess.run(["args", "accesses_format"] + options + (yaml ? ["--output_format", "yaml"] : []))
        #expect(printed.status == 0, "\(options): \(printed.stderr)")
        let file = NSTemporaryDirectory() + "accesses_format-\(UUID().uuidString).\(yaml ? "yaml" : "json")"
        try printed.stdout.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let byObject = DamoInProcess.run(["report", "access", "--input", input, "--format", file])
        #expect(byObject.status == 0, "\(options): \(byObject.stderr)")
        let byOptions = DamoInProcess.run(["report", "access", "--input", input] + options)
        return (byOptions.text, byObject.text)
    }

    /// The fixtures' objects are what args accesses_format prints.
    @Test(arguments: AccessFormatObjectTests.cases)
    func printsTheFixtureObject(_ c: CommandCase) throws {
        let run = DamoInProcess.run(["args", "accesses_format"] + c.arguments)
        #expect(run.text == (try String(contentsOfFile: "\(AccessFormatObjectTests.dir)/\(c.name).json", encoding: .utf8)))
    }

    @Test(arguments: [
        [], ["--style", "hot"], ["--style", "simple-boxes", "--raw_number"], ["--style", "temperature-percentiles"],
        ["--style", "recency-sz-hist", "--hist_logscale"], ["--total_sz_only"], ["--format", "append", "region", " <temperature>"],
        ["--format", "set", "snapshot_head", "<total bytes>", "--format", "append", "snapshot_tail", "\nend"],
        ["--sort_regions_by", "size", "--sort_regions_dsc", "all", "--min_chars_for", "<size>", "20"],
        ["--json"],
    ])
    func objectGivesTheOptionsReport(_ options: [String]) throws {
        let r = try Self.roundTrip(options)
        #expect(r.byObject == r.byOptions, "\(options)")
        #expect(!r.byObject.isEmpty)
    }

    @Test func yamlRoundTrip() throws {
        let r = try Self.roundTrip(["--style", "cold", "--format_region", "<index> <size>"], yaml: true)
        #expect(r.byObject == r.byOptions)
    }

    /// An object given to args accesses_format is printed back as read.
    @Test func objectThrough() throws {
        let file = "\(AccessFormatObjectTests.dir)/boxes.json"
        let run = DamoInProcess.run(["args", "accesses_format", "--format", file])
        #expect(run.text == (try String(contentsOfFile: file, encoding: .utf8)))
    }

    @Test(arguments: [["--output_format", "report"], ["--style", "warm"], ["--sort_regions_by", "name"],
                      ["--format", "{\"json\": 1}"], ["--format", "set", "middle", "x"]])
    func badOptionIsOneLine(_ options: [String]) {
        let run = DamoInProcess.run(["args", "accesses_format"] + options)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(options): \(run.stderr)")
    }
}
