import Testing
import DamonModel
@testable import DamoReports

/// The text `report access` notes region-box ranges in its first pass
/// only when `drawsRegionBoxes` says the format will draw boxes, and it
/// asks before any record is read.  The answer must be the one the real
/// records' summary would give, for every style and option.
@Suite struct RegionBoxNotingTests {
    static func snapshot(_ t: Int, probes: Bool = false) -> Snapshot {
        Snapshot(startTime: .int(Int128(t) * 100_000_000), endTime: .int(Int128(t + 1) * 100_000_000),
                 regions: [Region(start: 4096, end: 8192, samples: 3, aggrIntervals: 2, probeHits: probes ? [1] : [])])
    }

    /// Records that drive every summary-dependent branch of resolving.
    static let summaries: [(String, AccessReportSummary)] = {
        let intervals = Intervals(sample: .int(5000), aggr: .int(100_000))
        let one = Record(intervals: intervals, snapshots: [snapshot(0)])
        let many = Record(intervals: intervals, snapshots: (0..<3).map { snapshot($0) })
        let probes = Record(intervals: intervals, snapshots: [snapshot(0, probes: true)])
        let filtered = Record(intervals: intervals, schemeFilters: [DamosFilter(filterType: "anon", matching: true)],
                              snapshots: [snapshot(0)])
        return [("empty", AccessReportSummary()), ("one", AccessReportSummary([one])),
                ("many snapshots", AccessReportSummary([many])), ("two records", AccessReportSummary([one, one])),
                ("probes", AccessReportSummary([probes])), ("filters", AccessReportSummary([filtered]))]
    }()

    static let editSets: [[AccessFormatEdit]] = [
        [],
        [AccessFormatEdit(append: false, area: .region, template: "<box> <size>")],
        [AccessFormatEdit(append: true, area: .region, template: " <box>")],
        [AccessFormatEdit(append: false, area: .region, template: "<size>")],
        [AccessFormatEdit(append: false, area: .snapshotHead, template: "<box>")],
    ]

    @Test(arguments: AccessStyle.allCases)
    func answerMatchesTheRecords(style: AccessStyle) {
        for edits in Self.editSets {
            for totalSizeOnly in [false, true] {
                for regionBox in [false, true] {
                    let told = AccessReportFormat().drawsRegionBoxes(
                        style: style, edits: edits, totalSizeOnly: totalSizeOnly, regionBox: regionBox)
                    for (name, summary) in Self.summaries {
                        var format = AccessReportFormat()
                        format.resolve(style: style, edits: edits, totalSizeOnly: totalSizeOnly, regionBox: regionBox,
                                       summary: summary)
                        let drawn = format[.region]?.contains("<box>") ?? false
                        #expect(told == drawn, "\(style) \(edits.map(\.template)) totalSizeOnly \(totalSizeOnly) regionBox \(regionBox) on \(name)")
                    }
                }
            }
        }
    }

    @Test func boxStylesDrawBoxesAndTheDefaultDoesNot() {
        let f = AccessReportFormat()
        #expect(!f.drawsRegionBoxes(style: .detailed, edits: [], totalSizeOnly: false, regionBox: false))
        #expect(f.drawsRegionBoxes(style: .detailed, edits: [], totalSizeOnly: false, regionBox: true))
        for style in [AccessStyle.simpleBoxes, .cold, .hot] {
            #expect(f.drawsRegionBoxes(style: style, edits: [], totalSizeOnly: false, regionBox: false))
        }
    }

    @Test func summaryWithoutNotingKeepsNoRanges() {
        var noting = AccessReportSummary(), not = AccessReportSummary(notingBoxes: false)
        let record = Record(intervals: Intervals(sample: .int(5000), aggr: .int(100_000)), snapshots: [Self.snapshot(0)])
        noting.beginRecord(record)
        not.beginRecord(record)
        noting.add(Self.snapshot(0))
        not.add(Self.snapshot(0))
        #expect(noting.boxRanges.size != nil)
        #expect(not.boxRanges.size == nil)
        #expect(not.records.first?.snapshots == 1)
    }
}
