import DamoTestSupport
import Foundation
import Testing

/// `report access --on_cache` (damo's hidden, experimental option)
/// against damo 3.4.3's output on a small record
/// (Tests/Fixtures/on_cache, made by make.sh there).
@Suite struct OnCacheTests {
    static let dir = fixtures + "/on_cache"
    static let cases = CommandCase.load(dir + "/cases.txt", separator: ":")

    @Test(arguments: cases)
    func sameAsDamo(_ c: CommandCase) throws {
        let expected = try String(contentsOfFile: "\(Self.dir)/\(c.name).out", encoding: .utf8)
        let run = DamoInProcess.run(["report", "access", "--input", Self.dir + "/record.data"] + c.arguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text == expected, "\(c.name)")
    }

    @Test func fixturesPresent() { #expect(Self.cases.count >= 5) }

    /// Geometries with no whole number of sets, and values that are not
    /// numbers, end in one line (damo divides by zero or loops on them).
    @Test(arguments: [
        (["32K", "8"], "--on_cache takes 3 values"),
        (["32K", "0", "64"], "must be positive"),
        (["1000", "8", "64"], "not a whole number of sets"),
        (["32K", "8", "lots"], "wrong --on_cache cache line size ('lots')"),
        (["1.5", "1", "1"], "wrong --on_cache cache size ('1.5')"),
        (["1T", "1", "1"], "more than 16777216"),
    ])
    func badGeometry(_ words: [String], _ message: String) {
        let run = DamoInProcess.run(["report", "access", "--input", Self.dir + "/record.data", "--on_cache"] + words)
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        #expect(run.text.isEmpty)
    }
}
