import Testing
@testable import DamonModel
@testable import DamoReports

/// A template split once (AccessTemplate) gives what replacing its
/// keywords one after another gives (AccessKeywords.expand), for every
/// region keyword and for texts that interact with the template.
@Suite struct AccessTemplateTests {
    static func context(_ format: AccessReportFormat) -> AccessKeywords.Context {
        let record = AccessReportTests.record()
        var c = AccessKeywords.Context(format: format, box: AccessRegionBox(spec: format.box, records: [record]),
                                       record: record)
        c.snapshot = record.snapshots[0]
        return c
    }

    @Test func everyRegionKeywordAsExpandGivesIt() {
        var format = AccessReportFormat()
        format.minChars = [("<start address>", 25), ("<size>", 3), ("<age>", 40)]
        var c = Self.context(format)
        let all = AccessKeywords.region.map(\.name)
        let templates = [
            all.joined(separator: " | "),
            "\\n" + all.joined() + "\\n",
            "<index> <unknown> <size>\\n<<index>> <size><size> tail \\",
            "no keyword at all",
        ]
        for template in templates {
            let compiled = AccessTemplate(template, AccessKeywords.region, format: format)
            for (i, region) in c.snapshot!.regions.enumerated() {
                c.region = region
                c.index = i
                #expect(compiled.expand(c) == AccessKeywords.expand(template, AccessKeywords.region, c), "\(template)")
            }
        }
        #expect(AccessTemplate("", AccessKeywords.region, format: format).expand(c) == nil)
        c.region = nil
        let snapshotTemplate = AccessKeywords.snapshot.map(\.name).joined(separator: "\\n")
        #expect(AccessTemplate(snapshotTemplate, AccessKeywords.snapshot, format: format).expand(c)
                == AccessKeywords.expand(snapshotTemplate, AccessKeywords.snapshot, c))
    }

    /// A text holding another keyword's name, or one empty next to `\`
    /// and `n`: replaced one keyword after another, as damo does.
    @Test func textsThatMeetTheTemplateAreReplacedInTurn() {
        let keywords = [
            AccessKeywords.Keyword(name: "<a>", help: "") { _ in "<b>" },
            AccessKeywords.Keyword(name: "<e>", help: "") { _ in "" },
            AccessKeywords.Keyword(name: "<b>", help: "") { _ in "B" },
        ]
        let c = Self.context(AccessReportFormat())
        for (template, expected) in [("<a>/<b>", "B/B"), ("x\\<e>n", "x\n"), ("<e><a>", "B")] {
            #expect(AccessTemplate(template, keywords, format: AccessReportFormat()).expand(c) == expected)
            #expect(AccessKeywords.expand(template, keywords, c) == expected)
        }
    }
}
