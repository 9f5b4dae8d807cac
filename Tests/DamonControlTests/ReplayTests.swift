import DamonModel
import Testing
@testable import DamonKernel

/// The replay layout and timing, and the pages touched, counted.
@Suite struct ReplayTests {
    static let mib = 1 << 20

    /// Two snapshots of 40 ms (sample 5 ms, aggr 20 ms: 4 slices each) of
    /// three regions far apart, one never accessed.
    func record() -> Record {
        let regions1 = [
            Region(start: 0x7f00_0000_0000, end: 0x7f00_0000_0000 + 2 * Self.mib, samples: 4, aggrIntervals: 1),
            Region(start: 0x7f00_0000_0000 + 2 * Self.mib, end: 0x7f00_0000_0000 + 3 * Self.mib, samples: 0, aggrIntervals: 9),
            Region(start: 0x5500_0000_0000 + 100, end: 0x5500_0000_0000 + 8192, samples: 1, aggrIntervals: 2),
        ]
        var regions2 = regions1
        regions2[0].samples = 2
        regions2[2].samples = 9  // more than an aggregation interval has: all slices
        let s1 = Snapshot(startTime: .int(1_000_000_000), endTime: .int(1_040_000_000), regions: regions1)
        let s2 = Snapshot(startTime: .int(1_040_000_000), endTime: .int(1_080_000_000), regions: regions2)
        return Record(intervals: Intervals(sample: .int(5000), aggr: .int(20000)), snapshots: [s1, s2])
    }

    /// The record planned as `replay` plans one: the layout learnt from
    /// every snapshot, then each snapshot planned.
    func plan() -> (layout: ReplayLayout, snapshots: [ReplayPlan.SnapshotPlan]) {
        let record = record()
        var layout = ReplayLayout(intervals: record.intervals)
        for snapshot in record.snapshots { layout.add(snapshot) }
        return (layout, record.snapshots.map(layout.plan))
    }

    @Test func layoutKeepsOrderAndDropsGaps() {
        let plan = plan()
        // [0x5500..., +8 KiB) then the 3 MiB at 0x7f00..., page aligned.
        #expect(plan.layout.areaSize == 8192 + 3 * Self.mib)
        #expect(plan.layout.touchedBytes == 8192 + 2 * Self.mib)
        #expect(plan.snapshots.count == 2)
        let s1 = plan.snapshots[0]
        #expect(s1.slices == 4 && s1.durationNs == 40_000_000)
        #expect(s1.spans == [ReplayPlan.Span(offset: 8192, length: 2 * Self.mib), ReplayPlan.Span(offset: 0, length: 8192)])
        #expect(s1.samples == [4, 1])
        #expect((0..<5).map { s1.activeCount(slice: $0) } == [2, 1, 1, 1, 0])
        #expect(plan.snapshots[1].samples == [4, 2])
    }

    @Test(arguments: [1, 2, 3])
    func everyPageTouchedAsOftenAsRecorded(_ threads: Int) throws {
        let plan = plan()
        let replayer = try Replayer(size: plan.layout.areaSize, access: .page, threads: threads)
        var progress: [Int] = []
        let start = Replayer.nowNs()
        var snapshots = plan.snapshots.makeIterator()
        replayer.replay(next: { snapshots.next() }) { done, _ in progress.append(done) }
        let elapsed = Double(Replayer.nowNs() - start) / 1e9
        #expect(progress == [1, 2])
        // 80 ms of record, replayed in real time.
        #expect(elapsed >= 0.075 && elapsed < 2, "\(elapsed)")
        // The small region: 1 slice, then 4; the big one: 4, then 2.
        for page in stride(from: 0, to: 8192, by: 4096) { #expect(replayer.pageByte(at: page) == 5) }
        for page in stride(from: 8192, to: 8192 + 2 * Self.mib, by: 4096) {
            #expect(replayer.pageByte(at: page) == 6, "page at \(page)")
        }
        for page in stride(from: 8192 + 2 * Self.mib, to: plan.layout.areaSize, by: 4096) { #expect(replayer.pageByte(at: page) == 0) }
    }

    /// Big enough to be split over the threads, unevenly among spans.
    @Test func sharesCoverEveryPageOnce() throws {
        let spans = [ReplayPlan.Span(offset: 0, length: 3 * Self.mib + 4096), ReplayPlan.Span(offset: 5 * Self.mib, length: 4 * Self.mib)]
        let prefix = [0, spans[0].length, spans[0].length + spans[1].length]
        let replayer = try Replayer(size: 9 * Self.mib, access: .page, threads: 3)
        replayer.touch(spans, count: 2, prefixBytes: prefix, value: 0)
        for page in stride(from: 0, to: 9 * Self.mib, by: 4096) {
            let inSpan = page < spans[0].length || (page >= 5 * Self.mib)
            #expect(replayer.pageByte(at: page) == (inSpan ? 1 : 0), "page at \(page)")
        }
        let full = try Replayer(size: 9 * Self.mib, access: .full, threads: 3)
        full.touch(spans, count: 2, prefixBytes: prefix, value: 7)
        #expect(full.pageByte(at: 4096 + 100) == 7 && full.pageByte(at: 3 * Self.mib + 4095) == 7)
        #expect(full.pageByte(at: 3 * Self.mib + 4096) == 0)
    }

    @Test func measureReportsRates() throws {
        let replayer = try Replayer(size: 8 * Self.mib, access: .page, threads: 2)
        var rates: [Double] = []
        replayer.measure(size: 8 * Self.mib, seconds: 2.2) { rates.append($0) }
        #expect(rates.count == 2)
        #expect(rates.allSatisfy { $0 > Double(Self.mib) })
    }
}
