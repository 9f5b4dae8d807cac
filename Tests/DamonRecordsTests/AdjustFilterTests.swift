import Testing
@testable import DamonModel
@testable import DamonRecords

/// Expected values below come from damo 3.4.3's own functions
/// (_damo_records.aggregate_snapshots, adjust_records, RecordFilter).
@Suite struct AdjustTests {
    func region(_ s: Int, _ e: Int, _ n: Int, _ a: Int) -> Region {
        Region(start: s, end: e, samples: n, aggrIntervals: a)
    }

    func snapshot(_ start: Int, _ end: Int, _ regions: [Region]) -> Snapshot {
        Snapshot(startTime: PyNum(start), endTime: PyNum(end), regions: regions)
    }

    @Test func aggregateAddsMaxOfIntersectingAndKeepsDamoOrder() {
        let snapshots = [
            snapshot(0, 100, [region(10, 20, 5, 1), region(30, 40, 1, 2)]),
            snapshot(100, 200, [region(5, 15, 2, 0), region(15, 35, 4, 3), region(50, 60, 7, 1)]),
            snapshot(200, 300, [region(0, 100, 1, 0)]),
        ]
        let merged = RecordAdjust.aggregate(snapshots[...])
        #expect(merged.startTime == .int(0) && merged.endTime == .int(300))
        let got = merged.regions.map { [$0.start, $0.end, $0.samples!, $0.aggrIntervals!] }
        #expect(got == [[10, 20, 10, 1], [30, 40, 6, 2], [5, 10, 3, 0], [20, 30, 5, 3],
                        [50, 60, 8, 1], [0, 5, 1, 0], [40, 50, 1, 0], [60, 100, 1, 0]])
        #expect(merged.totalBytes == merged.regions.reduce(0) { $0 + $1.size })
    }

    @Test func adjustSkipsAndDropsTheShortTail() {
        var record = Record(intervals: Intervals(), snapshots: (0..<25).map {
            snapshot($0 * 100_000_000, ($0 + 1) * 100_000_000, [region(0, 4096, $0 % 3, 1)])
        })
        var records = [record]
        // 300 ms aggregations of 100 ms snapshots after skipping 2: 23 -> 7.
        RecordAdjust.adjust(&records, aggregateIntervalUs: .int(300_000), skip: 2)
        #expect(records[0].snapshots.count == 7)
        #expect(records[0].intervals?.aggr == .int(300_000))
        #expect(records[0].snapshots[0].startTime == .int(200_000_000))
        #expect(records[0].snapshots[0].endTime == .int(500_000_000))
        // samples 2, 0, 1 added up.
        #expect(records[0].snapshots[0].regions[0].samples == 3)
        record.snapshots = []
        records = [record]
        RecordAdjust.adjust(&records, aggregateIntervalUs: .int(1), skip: 20)
        #expect(records[0].snapshots.isEmpty)
    }

    @Test func mergeJoinsSameSourceInTimeOrder() {
        let a = Record(targetId: TargetID(1), snapshots: [snapshot(100, 200, [])])
        let b = Record(targetId: TargetID(1), snapshots: [snapshot(0, 100, [])])
        let c = Record(targetId: TargetID(2), snapshots: [snapshot(0, 100, [])])
        let merged = RecordMerge.merge([a, b, c])
        #expect(merged.count == 2)
        #expect(merged[0].snapshots.map(\.startTime) == [.int(0), .int(100)])
    }
}

@Suite struct RecordFilterTests {
    func record() -> Record {
        Record(intervals: Intervals(sample: .int(5000), aggr: .int(100_000)), snapshots: [
            Snapshot(startTime: .int(0), endTime: .int(100), regions: [
                Region(start: 0, end: 4096, samples: 0, aggrIntervals: 10),
                Region(start: 4096, end: 1 << 20, samples: 10, aggrIntervals: 2),
                Region(start: 1 << 20, end: 1 << 30, samples: 20, aggrIntervals: 0),
            ]),
            Snapshot(startTime: .int(100), endTime: .int(200), regions: [
                Region(start: 0, end: 1 << 30, samples: 1, aggrIntervals: 1),
            ]),
        ])
    }

    @Test func accessPatternFillsUnitsAndFilters() {
        var r = record()
        // 50% .. 100% access rate: 10 and 20 of 20 samples.
        RecordFilter(accessPattern: AccessPatternFilter(rateMin: .int(50), rateMax: .int(100))).apply(&r)
        #expect(r.snapshots[0].regions.map(\.start) == [4096, 1 << 20])
        #expect(r.snapshots[0].regions[0].percent == .int(50))
        #expect(r.snapshots[0].regions[0].usec == .int(200_000))
        #expect(r.snapshots[1].regions.isEmpty)
    }

    @Test func addressRangesClipRegions() {
        var r = record()
        RecordFilter(addressRanges: [(.int(2048), .int(8192))]).apply(&r)
        #expect(r.snapshots[0].regions.map { [$0.start, $0.end] } == [[2048, 4096], [4096, 8192]])
        #expect(r.snapshots[0].totalBytes == 6144)
    }

    @Test func snapshotIndexAndTimeRanges() {
        var r = record()
        RecordFilter(snapshotIndexRanges: [(.int(1), .int(1))]).apply(&r)
        #expect(r.snapshots.map(\.startTime) == [.int(100)])
        r = record()
        RecordFilter(snapshotTimeRanges: [(.int(0), .int(150))]).apply(&r)
        #expect(r.snapshots.map(\.startTime) == [.int(0)])
    }

    @Test func sortedRangesRejectOverlapAndReversed() {
        if case .success = RecordFilter.sortedRanges([(.int(10), .int(5))]) { Issue.record("reversed range accepted") }
        if case .success = RecordFilter.sortedRanges([(.int(0), .int(10)), (.int(5), .int(20))]) {
            Issue.record("overlap accepted")
        }
        guard case .success(let sorted) = RecordFilter.sortedRanges([(.int(20), .int(30)), (.int(0), .int(10))]) else {
            Issue.record("valid ranges rejected")
            return
        }
        #expect(sorted.map(\.0) == [.int(0), .int(20)])
    }

    @Test func temperatureIsNegativeForIdleRegions() {
        let idle = Region(start: 0, end: 10, samples: 0, aggrIntervals: 5)
        var hot = idle
        hot.percent = .int(30)
        var cold = idle
        cold.percent = .int(0)
        cold.usec = .int(500)
        hot.usec = .int(500)
        let w: [PyNum] = [.int(0), .int(100), .int(100)]
        #expect(Temperature.of(hot, weights: w) == .int(53000))
        #expect(Temperature.of(cold, weights: w) == .int(-50000))
    }
}
