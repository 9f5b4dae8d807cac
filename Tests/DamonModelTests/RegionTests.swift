import Testing
@testable import DamonModel

// Region, Snapshot and Record behaviour; expected values from python damo
// 3.4.3's _damon.DamonRegion / DamonNrAccesses / DamonAge.

@Suite("Region")
struct RegionTests {
    @Test func bareRange() {
        let r = Region(start: 4096, end: 8192)
        #expect(r.size == 4096)
        #expect(!r.hasAccessInfo)
        #expect(r.samples == nil && r.percent == nil && r.usec == nil)
        #expect(r.aggrIntervals == nil && r.szFilterPassed == nil)
        #expect(r.probeHits.isEmpty)
    }

    @Test func monitoredRegion() {
        let r = Region(start: 0, end: 100, samples: 3, aggrIntervals: 7, probeHits: [1, 2])
        #expect(r.hasAccessInfo)
        #expect(r.samples == 3)
        #expect(r.aggrIntervals == 7)
        #expect(r.szFilterPassed == 0)
        #expect(r.percent == nil && r.usec == nil)
        #expect(r.probeHits == [1, 2])
        let unknownAge = Region(start: 0, end: 100, samples: 0, aggrIntervals: nil, szFilterPassed: nil)
        #expect(unknownAge.hasAccessInfo && unknownAge.aggrIntervals == nil && unknownAge.szFilterPassed == nil)
    }

    @Test func optionalViewsKeepIntOrFloat() {
        var r = Region(start: 0, end: 1)
        r.percent = .int(50)
        #expect(r.percent?.description == "50")
        r.percent = .float(12.5)
        #expect(r.percent?.description == "12.5")
        r.percent = nil
        #expect(r.percent == nil)
        r.usec = .int(250_000)
        #expect(r.usec?.description == "250000")
        r.usec = .float(250_000)
        #expect(r.usec?.description == "250000.0")
        r.usec = nil
        #expect(r.usec == nil)
        r.samples = 0
        #expect(r.samples == 0)
        r.hasAccessInfo = true
        #expect(r.hasAccessInfo)
        r.hasAccessInfo = false
        #expect(!r.hasAccessInfo)
    }

    /// intervals sample 3 ms, aggr 100 ms: max samples 33.333333333333336.
    @Test func addUnsetUnitsFromSamplesAndAggrIntervals() {
        let intervals = Intervals(sample: .int(3000), aggr: .int(100_000))
        var r = Region(start: 4096, end: 8192, samples: 7, aggrIntervals: 5)
        r.addUnsetUnits(intervals)
        #expect(r.percent?.description == "21")
        #expect(r.usec?.description == "500000")
        #expect(r.samples == 7 && r.aggrIntervals == 5)
    }

    @Test func addUnsetUnitsFromPercentAndUsec() {
        let intervals = Intervals(sample: .int(3000), aggr: .int(100_000))
        var r = Region(start: 4096, end: 8192, samples: nil, aggrIntervals: nil)
        r.percent = .int(50)
        r.usec = .int(250_000)
        r.addUnsetUnits(intervals)
        #expect(r.samples == 16)
        #expect(r.percent?.description == "50")
        #expect(r.aggrIntervals == 2)
        #expect(r.usec?.description == "250000")
    }

    /// damo keeps a float age as is (text_to_us('2 us 500 ns') is 2.5).
    @Test func fractionalUsec() {
        var r = Region(start: 0, end: 1, samples: 0, aggrIntervals: nil)
        r.usec = .float(250_000.0)
        #expect(r.usec?.description == "250000.0")
        r.usec = .float(2.5)
        #expect(r.usec?.description == "2.5")
        r.usec = .float(-0.0)
        #expect(r.usec?.description == "0.0")
    }

    @Test func addUnsetUnitsKeepsSetValues() {
        let intervals = Intervals()
        var r = Region(start: 0, end: 1, samples: 3, aggrIntervals: 4)
        r.percent = .int(99)
        r.usec = .int(1)
        r.addUnsetUnits(intervals)
        #expect(r.samples == 3 && r.percent == .int(99) && r.aggrIntervals == 4 && r.usec == .int(1))
    }

    @Test func equalityOfMonitoredRegions() {
        let a = Region(start: 0, end: 10, samples: 1, aggrIntervals: 2)
        var b = a
        b.samples = 2
        #expect(a != b)
    }

    /// Unset percent is kept as NaN inside; a region without a percent is
    /// still equal to itself.
    @Test func equalityWithUnsetPercent() {
        let a = Region(start: 0, end: 10, samples: 1, aggrIntervals: 2)
        #expect(a == a)
        #expect(Region(start: 1, end: 2) == Region(start: 1, end: 2))
        var b = a
        b.percent = .int(3)
        #expect(a != b)
    }

    @Test func addressOrderIsByStartOnly() {
        func regions(_ starts: [Int]) -> [Region] { starts.map { Region(start: $0, end: $0 + 4096) } }
        #expect(regions([]).isInAddressOrder)
        #expect(regions([4096]).isInAddressOrder)
        #expect(regions([0, 4096, 4096, 1 << 40]).isInAddressOrder)
        #expect(!regions([0, 8192, 4096]).isInAddressOrder)
        // Overlaps do not matter, only starts.
        #expect([Region(start: 0, end: 1 << 20), Region(start: 4096, end: 8192)].isInAddressOrder)
    }
}

@Suite("Snapshot and Record")
struct SnapshotRecordTests {
    @Test func totalBytesDefaultsToSumOfSizes() {
        let regions = [Region(start: 0, end: 4096), Region(start: 8192, end: 10000)]
        var s = Snapshot(startTime: .int(0), endTime: .int(100), regions: regions)
        #expect(s.totalBytes == 4096 + 1808)
        let given = Snapshot(startTime: .int(0), endTime: .int(100), regions: regions, totalBytes: 5)
        #expect(given.totalBytes == 5)
        s.regions.removeLast()
        s.updateTotalBytes()
        #expect(s.totalBytes == 4096)
        #expect(Snapshot.sumSizes([]) == 0)
    }

    @Test func recordDefaults() {
        let r = Record()
        #expect(r.kdamondIdx == 0 && r.contextIdx == 0)
        #expect(r.intervals == nil && r.schemeIdx == nil && r.targetId == nil)
        #expect(r.schemeFilters.isEmpty && r.snapshots.isEmpty)
        #expect(r.dataSource == "unknown")
        #expect(recordDataSourceDamonStat == "damon_stat")
    }

    @Test func canMerge() {
        let a = Record(intervals: Intervals(), targetId: TargetID(42))
        #expect(a.canMerge(Record(kdamondIdx: 0, contextIdx: 0, intervals: Intervals(), targetId: TargetID(42))))
        #expect(!a.canMerge(Record(intervals: Intervals(), targetId: TargetID(43))))
        #expect(!a.canMerge(Record(intervals: Intervals(sample: .int(1)), targetId: TargetID(42))))
        #expect(!a.canMerge(Record(kdamondIdx: 1, intervals: Intervals(), targetId: TargetID(42))))
        #expect(!a.canMerge(Record(intervals: Intervals(), schemeIdx: 0, targetId: TargetID(42))))
        // damo compares intervals by their text: 5000 and 5000.0 are equal.
        #expect(a.canMerge(Record(intervals: Intervals(sample: .float(5000)), targetId: TargetID(42))))
    }

    @Test func targetIdKeepsPythonText() {
        #expect(TargetID(.int(18_446_623_438_842_320_000)).description == "18446623438842320000")
        #expect(TargetID(.float(1.5)).description == "1.5")
        #expect(TargetID(7) == TargetID(.int(7)))
    }
}
