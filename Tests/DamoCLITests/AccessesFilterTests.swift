import DamoTestSupport
import Foundation
import Testing

/// `damo args accesses_filter` against damo 3.4.3's outputs of the same
/// command lines (Tests/Fixtures/accesses_filter, made in a 6.12 guest
/// by make.sh there).  Where damo fails (its output ends `exit N`), ours
/// fails too, with one line on stderr.
@Suite struct AccessesFilterTests {
    static let dir = fixtures + "/accesses_filter"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: ":")

    /// README's "--age of the record filters is in seconds": damo takes
    /// `--age 1 2` as microseconds.
    static let deliberate: [String: [(String, String)]] = ["age": [("\"1 us\"", "\"1 s\""), ("\"2 us\"", "\"2 s\"")]]

    @Test(arguments: cases)
    func sameAsDamo(_ c: CommandCase) throws {
        var expected = try String(contentsOfFile: "\(Self.dir)/\(c.name).out", encoding: .utf8)
        for (damo, ours) in Self.deliberate[c.name] ?? [] {
            #expect(expected.contains(damo))
            expected = expected.replacingOccurrences(of: damo, with: ours)
        }
        let run = DamoInProcess.run(["args", "accesses_filter"] + c.arguments)
        if expected.split(separator: "\n").last?.hasPrefix("exit ") == true {
            #expect(run.status != 0, "\(c.name): \(run.text)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(c.name): \(run.stderr)")
        } else {
            #expect(run.status == 0, "\(c.name): \(run.stderr)")
            #expect(run.text == expected, "\(c.name)")
        }
    }

    @Test func fixturesPresent() { #expect(Self.cases.count >= 8) }

    @Test func badFormatIsOneLine() {
        let run = DamoInProcess.run(["args", "accesses_filter", "--format", "report"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }
}
