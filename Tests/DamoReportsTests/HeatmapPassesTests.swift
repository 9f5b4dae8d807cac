import Testing
@testable import DamonModel
@testable import DamoReports

/// The default heatmap is of the hottest range.  When the maps of every
/// range fit in HeatmapOptions.earlyDrawPixels, the heat pass draws them
/// all and keeps the hottest's (two passes); otherwise a third pass draws
/// it.  Either way the map is the one drawn for that range alone.
@Suite struct HeatmapPassesTests {
    /// Three ranges of one target; the middle one is the hottest per byte,
    /// and the first has the most heat in all.
    static let record = Record(intervals: Intervals(),
                               targetId: TargetID(1), snapshots: (0..<40).map { i in
        Snapshot(startTime: PyNum(i * 100_000_000), endTime: PyNum((i + 1) * 100_000_000), regions: [
            Region(start: 0x10000, end: 0x90000, samples: 3 + i % 4, aggrIntervals: i % 7),
            Region(start: 0x90000, end: 0x110000, samples: 2, aggrIntervals: 1),
            Region(start: 0x400000, end: 0x404000 + (i % 3) * 0x1000, samples: 15 + i % 5, aggrIntervals: i % 5),
            Region(start: 0x800000, end: 0x880000, samples: i % 2, aggrIntervals: 9),
        ])
    })

    func maps(_ options: HeatmapOptions) throws -> (maps: [HeatmapReport.Map], passes: Int) {
        var passes = 0
        let over = RecordPasses.over([Self.record])
        let counted: RecordPass = { body in
            passes += 1
            try over(body)
        }
        return (try HeatmapReport.maps(passes: counted, options), passes)
    }

    @Test(arguments: [(10, 20), (512, 1024), (1024, 1024)])
    func theHottestRangesMapWhateverThePasses(_ time: Int, _ addr: Int) throws {
        let guide = try #require(RecordGuide.of([Self.record]).first)
        #expect(guide.ranges.count == 3)
        let hottest = try #require(guide.hottest)
        #expect(hottest.start == 0x400000 && guide.hottestIndex == 1)

        let (drawn, passes) = try maps(HeatmapOptions(resolution: (time: time, addr: addr)))
        #expect(passes == (3 * time * addr <= HeatmapOptions.earlyDrawPixels ? 2 : 3))
        var alone = HeatmapOptions(resolution: (time: time, addr: addr))
        alone.addressRangesBytes = [(PyNum(hottest.start), PyNum(hottest.end))]
        let (expected, _) = try maps(alone)
        #expect(drawn.count == 1 && expected.count == 1)
        #expect(drawn[0].addrRange == expected[0].addrRange && drawn[0].timeRange == expected[0].timeRange)
        #expect(drawn[0].heatmap.heats == expected[0].heatmap.heats)
        #expect(drawn[0].heatmap.heatUnit == "hz")
        #expect(drawn[0].heatmap.heats.joined().contains { ($0 ?? 0) > 0 })
    }

    /// Ranges that do not fit in one pass's pixels, or a layout by
    /// temperature (which depends on the drawn range), take the third pass.
    @Test func aThirdPassWhereNeeded() throws {
        var sorted = HeatmapOptions(resolution: (time: 10, addr: 20))
        sorted.sortTemperature = true
        #expect(try maps(sorted).passes == 3)
        var all = HeatmapOptions(resolution: (time: 10, addr: 20))
        all.drawRange = .all
        let (drawn, passes) = try maps(all)
        #expect(passes == 2 && drawn.count == 3)
    }
}
