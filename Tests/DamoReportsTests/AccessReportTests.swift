import Testing
@testable import DamonModel
@testable import DamoReports

/// `report access` renderers on a small record; expected text from damo
/// 3.4.3 run on the same record (sample 5 ms, aggr 100 ms, one snapshot).
@Suite struct AccessReportTests {
    static func record() -> Record {
        let regions = [
            Region(start: 4096, end: 8192, samples: 0, aggrIntervals: 10),
            Region(start: 8192, end: 16384, samples: 5, aggrIntervals: 2),
            Region(start: 1 << 20, end: (1 << 20) + 3 * 4096, samples: 20, aggrIntervals: 0),
            Region(start: 2 << 20, end: (2 << 20) + 4096, samples: 0, aggrIntervals: 30),
        ]
        return Record(intervals: Intervals(sample: .int(5000), aggr: .int(100_000)), targetId: TargetID(42),
                      snapshots: [Snapshot(startTime: .int(1_000_000_000), endTime: .int(1_100_000_000), regions: regions)])
    }

    static func render(style: AccessStyle = .detailed, edits: [AccessFormatEdit] = [],
                       _ tweak: (inout AccessReportFormat) -> Void = { _ in }) -> String {
        var records = [record()]
        AccessReport.completeUnits(&records)
        var format = AccessReportFormat()
        tweak(&format)
        format.resolve(style: style, edits: edits, totalSizeOnly: false, regionBox: false, records: records)
        let sink = StringSink()
        AccessReport.render(records, format: format, to: sink)
        return sink.text
    }

    static let tail = "memory bw estimate: 2.734 MiB per second\ntotal size: 28.000 KiB\n"
        + "record DAMON intervals: sample 5 ms, aggr 100 ms"

    @Test func detailedRegionsAndTails() {
        let lines = AccessReportTests.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("heatmap: \u{1b}[48;5;232m\u{1b}[38;5;247m5\u{1b}[0m"))
        #expect(lines[0].hasSuffix("\u{1b}[48;5;232m\u{1b}[38;5;239m1\u{1b}[0m"))
        #expect(lines[0].components(separatedBy: "[...]").count == 3)
        #expect(Array(lines[1...]).joined(separator: "\n") == """
            # min/max temperatures: -300,000,000, 20,002,500, column size: 358 B
            intervals: sample 5 ms aggr 100 ms (max access hz 200)
            0   addr 4.000 KiB    size 4.000 KiB   access 0 hz   age 1 s          
            1   addr 8.000 KiB    size 8.000 KiB   access 50 hz  age 200 ms       
            2   addr 1024.000 KiB size 12.000 KiB  access 200 hz age 0 ns         
            3   addr 2.000 MiB    size 4.000 KiB   access 0 hz   age 3 s          
            """ + "\n" + AccessReportTests.tail)
    }

    @Test func recencyPercentiles() {
        #expect(AccessReportTests.render(style: .recencyPercentiles) == """
            # total recency percentiles
            <percentile> <idle time>
              0     0 ns  |                    |
              1     0 ns  |                    |
             25     0 ns  |                    |
             50     0 ns  |                    |
             75  1.100 s  |*******             |
             99  3.100 s  |********************|
            100  3.100 s  |********************|
            """ + "\n" + AccessReportTests.tail)
    }

    @Test func temperatureSizeHistogram() {
        #expect(AccessReportTests.render(style: .temperatureSzHist) == """
            <temperature> <total size>
            [-300,000,000, -267,999,749) 4.000 KiB  |****                |
            [-267,999,749, -235,999,498) 0 B        |                    |
            [-235,999,498, -203,999,247) 0 B        |                    |
            [-203,999,247, -171,998,996) 0 B        |                    |
            [-171,998,996, -139,998,745) 0 B        |                    |
            [-139,998,745, -107,998,494) 0 B        |                    |
            [-107,998,494, -75,998,243)  4.000 KiB  |****                |
            [-75,998,243, -43,997,992)   0 B        |                    |
            [-43,997,992, -11,997,741)   0 B        |                    |
            [-11,997,741, 20,002,510)    20.000 KiB |********************|
            """ + "\n" + AccessReportTests.tail)
    }

    @Test func simpleBoxes() {
        let c = { (bg: Int, fg: Int, digits: String) in "\u{1b}[48;5;\(bg)m\u{1b}[38;5;\(fg)m\(digits)\u{1b}[0m" }
        #expect(AccessReportTests.render(style: .simpleBoxes) == """
            snapshot time: [0 ns, 100 ms] (100 ms)
               |\(c(232, 239, String(repeating: "0", count: 37)))| size 4.000 KiB   access 0 hz   age 1 s          
                    |\(c(20, 237, String(repeating: "2", count: 32)))| size 8.000 KiB   access 50 hz  age 200 ms       
                                                   |\(c(1, 255, "9"))| size 12.000 KiB  access 200 hz age 0 ns         
            |\(c(232, 239, String(repeating: "0", count: 40)))| size 4.000 KiB   access 0 hz   age 3 s          
            """ + "\n" + AccessReportTests.tail)
    }

    @Test func formatKeywordsAreReplacedInOrderAndUnknownOnesKept() {
        let text = AccessReportTests.render(edits: [
            AccessFormatEdit(append: false, area: .region, template: "<index>|<end_address>|<access_rate>|<temperature>"),
            AccessFormatEdit(append: false, area: .snapshotHead, template: ""),
            AccessFormatEdit(append: true, area: .recordTail, template: "\\nend"),
        ])
        #expect(text == """
            0  |<end_address>|<access_rate>|-100,000,000
            1  |<end_address>|<access_rate>|20,002,500
            2  |<end_address>|<access_rate>|10,000
            3  |<end_address>|<access_rate>|-300,000,000
            """ + "\n" + AccessReportTests.tail + "\nend")
    }

    @Test func sortingIsStableAndDescendingKeepsTies() {
        let sorted = AccessReportTests.render(edits: [
            AccessFormatEdit(append: false, area: .region, template: "<index> <size>"),
            AccessFormatEdit(append: false, area: .snapshotHead, template: ""),
        ]) { $0.sortBy = [.size]; $0.sortDescending = ["size"] }
        #expect(sorted.hasPrefix("0   12.000 KiB \n1   8.000 KiB  \n2   4.000 KiB  \n3   4.000 KiB  \n"))
    }

    @Test func formatEditsAreChecked() {
        if case .failure(let e) = AccessFormatEdit.parse(["put", "region", "x"]) {
            #expect(e.message == "wrong --format action (['put', 'region', 'x'])")
        } else {
            Issue.record("'put' accepted")
        }
        if case .failure(let e) = AccessFormatEdit.parse(["set", "regions", "x"]) {
            #expect(e.message == "wrong --format target area (['set', 'regions', 'x'])")
        } else {
            Issue.record("'regions' accepted")
        }
    }
}

/// The keyword lists `damo help access_format_options *_format_keywords`
/// prints (damo 3.4.3's text, checked by size and a few entries).
@Suite struct AccessKeywordHelpTests {
    @Test func keywordListsMatchDamo() throws {
        let record = try #require(AccessReport.keywordHelp("record"))
        let snapshot = try #require(AccessReport.keywordHelp("snapshot"))
        let region = try #require(AccessReport.keywordHelp("region"))
        #expect(record.utf8.count + 1 == 447)
        #expect(snapshot.utf8.count + 1 == 1940)
        #expect(region.utf8.count + 1 == 597)
        #expect(region.hasPrefix("<index>\nindex of the region in the regions of the snapshot\n\n<start address>\n"))
        #expect(snapshot.hasSuffix("<snapshot intervals>\nSnapshot intervals status"))
        #expect(AccessReport.keywordHelp("nothing") == nil)
    }
}
