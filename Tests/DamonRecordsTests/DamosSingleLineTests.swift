import DamoTestSupport
import Foundation
import Testing
@testable import DamonModel
@testable import DamonRecords

/// Early damo's one-line schemes: read as damo read them.
@Suite struct DamosSingleLineTests {
    static let fixtures = TestPaths.packageRoot + "/Tests/Fixtures/legacy"

    /// Every form (7, 9, 12, 17 and 18 fields, comments, blank lines, tabs,
    /// upper case actions) against damo 3.4.3's own reader of the format
    /// (Damos.to_kvpairs() of each scheme).
    @Test func everyFormMatchesDamo() throws {
        let text = try String(contentsOfFile: Self.fixtures + "/single_line_schemes.damos", encoding: .utf8)
        let expected = try String(contentsOfFile: Self.fixtures + "/single_line_schemes.json", encoding: .utf8)
        var schemes = try DamosSingleLine.schemes(text)
        #expect(schemes.count == 7)
        for i in schemes.indices { schemes[i].stats = DamosStats() }
        let ours = KVJSON.text(.list(schemes.map { $0.toKV() }))
        #expect(ours + "\n" == expected)
    }

    @Test func earlyReadmeScheme() throws {
        let s = try DamosSingleLine.scheme("4K        max      0       0       60s     max     pageout")
        #expect(s.action == .pageout)
        #expect(s.accessPattern.szMin == .int(4096))
        #expect(s.accessPattern.szMax == .int(ulongMax))
        #expect(s.accessPattern.nrAccessesMin == .int(0) && s.accessPattern.nrAccessesMax == .int(0))
        #expect(s.accessPattern.nrAccessesUnit == .percent)
        #expect(s.accessPattern.ageMin == .int(60_000_000))
        #expect(s.accessPattern.ageUnit == .usec)
        #expect(s.quotas == DamosQuotas())
        #expect(s.watermarks == DamosWatermarks())
    }

    @Test(arguments: [
        ("4K max 0 0 60s max", "line 1: expected 7, 9, 12, 17 or 18 fields, got 6"),
        ("4K max 0 0 60s max fly", "line 1: unknown action 'fly'"),
        ("4X max 0 0 60s max stat", "line 1: field 1 (minimum size) '4X' is not valid"),
        ("4K max 0 0 60x max stat", "line 1: field 5 (minimum age) '60x' is not valid"),
        ("# c\n4K max 0 0 1s max stat 1G 1s a 2 3", "line 2: field 10 (size weight) 'a' is not an integer"),
        ("4K max 0 0 1s max stat 1G 1s 1 2 3 low 1s 1 2 3", "line 1: unknown watermark metric 'low'"),
    ])
    func errorsNameTheLineAndField(_ text: String, _ message: String) {
        do {
            _ = try DamosSingleLine.schemes(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func recognizesTheFormat() throws {
        #expect(DamosSingleLine.looksLikeSingleLine("# x\n4K max 0 0 60s max pageout\n"))
        #expect(!DamosSingleLine.looksLikeSingleLine("[{\"action\": \"stat\"}]"))
        #expect(!DamosSingleLine.looksLikeSingleLine("- action: stat\n"))
        #expect(!DamosSingleLine.looksLikeSingleLine("# only a comment\n"))
        #expect(try DamosSingleLine.schemes("# nothing\n\n").isEmpty)
    }
}
