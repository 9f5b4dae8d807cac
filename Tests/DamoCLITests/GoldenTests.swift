import DamoTestSupport
import Foundation
import Testing

/// damo 3.4.3's output for the report commands, byte for byte: the cases
/// (inputs and expected output, or a digest of it for big outputs) are kept
/// in Tests/Fixtures/compat so they run without ../shared.  These run the
/// damo binary, in the inputs' directory, as users do.
@Suite struct GoldenTests {
    static let cases = CommandCase.load(fixtures + "/compat/cases.txt", separator: "|")

    @Test(arguments: cases)
    func matchesDamo(_ c: CommandCase) throws {
        let run = try Damo.run(c.arguments, in: fixtures + "/compat/inputs")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let expected = fixtures + "/compat/expected/" + c.name
        if let data = FileManager.default.contents(atPath: expected) {
            #expect(run.stdout == data, "output of \(c.name) differs from damo 3.4.3's")
        } else {
            let digest = try String(contentsOfFile: expected + ".digest", encoding: .utf8)
                .split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(String(run.stdout.count) == digest[0], "output size of \(c.name)")
            #expect(String(format: "%08x", crc32(run.stdout)) == digest[1], "output digest of \(c.name)")
        }
    }

    @Test func fixturesCoverEveryCase() {
        #expect(GoldenTests.cases.count == 75)
    }

    /// The same cases straight from ../shared, when it is there, so the
    /// copies above cannot drift from the reference.
    static let sharedCases = CommandCase.load(sharedCompat + "/cases.txt", separator: "|")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedCompat), "needs ../shared/compat/cases"), arguments: sharedCases)
    func matchesSharedCompatCase(_ c: CommandCase) throws {
        let run = try Damo.run(c.arguments, in: sharedCompat + "/inputs")
        let expected = try #require(FileManager.default.contents(atPath: sharedCompat + "/expected/" + c.name))
        #expect(run.stdout == expected, "output of \(c.name) differs from damo 3.4.3's")
    }
}
