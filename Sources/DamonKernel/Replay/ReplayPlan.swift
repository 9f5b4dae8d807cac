import DamonModel

/// How a record's accesses are replayed: its regions laid out in one
/// memory area in address order (each region keeps its size and place next
/// to its neighbours; the unmonitored gaps between them, which can be
/// terabytes in a process's address space, are left out), and each
/// snapshot cut into as many time slices as an aggregation interval has
/// samples; a region with N samples of accesses is touched in the first N
/// slices of the snapshot.  ReplayLayout learns the area and plans each
/// snapshot.
public enum ReplayPlan {
    public static let pageSize = 4096

    /// Part of the memory area, in bytes from its start.
    public struct Span: Sendable, Equatable {
        public let offset: Int
        public let length: Int
    }

    public struct SnapshotPlan: Sendable {
        /// How long the snapshot took, in nanoseconds.
        public let durationNs: Int
        public let slices: Int
        /// Regions by number of samples with accesses, most first, so the
        /// regions of slice i are a prefix: those with samples > i.
        public let spans: [Span]
        public let samples: [Int]
        /// Bytes of spans[0..<i].
        public let prefixBytes: [Int]

        /// How many spans are touched in the slice.
        public func activeCount(slice: Int) -> Int {
            // samples is descending: find the first with samples <= slice.
            var lo = 0, hi = samples.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if samples[mid] > slice { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }
}

/// The memory area of a replay, learnt a snapshot at a time (so that a
/// record of any length is planned in the memory its address ranges
/// take): the union of all regions, page aligned, in address order, and
/// the union of those ever touched.  Snapshots are then planned one by one.
public struct ReplayLayout: Sendable {
    let intervals: Intervals
    let maxSamples: Int
    /// The area's parts: address ranges, each at its offset in the area.
    var union: [(start: Int, end: Int, offset: Int)] = []
    var touched: [(start: Int, end: Int)] = []
    public private(set) var snapshotCount = 0

    public init(intervals: Intervals?) {
        self.intervals = intervals ?? Intervals()
        maxSamples = Swift.max(1, (self.intervals.aggr / self.intervals.sample).int)
    }

    public var areaSize: Int { union.last.map { $0.offset + $0.end - $0.start } ?? 0 }
    public var touchedBytes: Int { touched.reduce(0) { $0 + $1.end - $1.start } }

    static func aligned(_ r: Region) -> (start: Int, end: Int) {
        let page = ReplayPlan.pageSize
        return (r.start / page * page, (r.end + page - 1) / page * page)
    }

    /// The snapshot's regions with the samples replayed (at most a
    /// snapshot's worth), page aligned; nil samples means never touched.
    func ranges(_ snapshot: Snapshot) -> [(start: Int, end: Int, samples: Int)] {
        snapshot.regions.compactMap { region in
            var region = region
            region.addUnsetUnits(intervals, maxSamples: .int(Int128(maxSamples)))
            let (start, end) = Self.aligned(region)
            guard end > start else { return nil }
            return (start, end, Swift.min(region.samples ?? 0, maxSamples))
        }
    }

    public mutating func add(_ snapshot: Snapshot) {
        let ranges = ranges(snapshot)
        let all = Self.merged(union.map { ($0.start, $0.end) }, ranges.map { ($0.start, $0.end) })
        var offset = 0
        union = all.map { range in
            defer { offset += range.end - range.start }
            return (range.start, range.end, offset)
        }
        touched = Self.merged(touched, ranges.filter { $0.samples > 0 }.map { ($0.start, $0.end) })
        snapshotCount += 1
    }

    /// Sorted disjoint ranges with more ranges added, sorted and disjoint
    /// (adjacent ones joined): a merge, as the old ones are sorted.
    static func merged(_ old: [(start: Int, end: Int)], _ new: [(start: Int, end: Int)]) -> [(start: Int, end: Int)] {
        let new = new.sorted { $0.start < $1.start }
        var result: [(start: Int, end: Int)] = []
        result.reserveCapacity(old.count + new.count)
        var i = 0, j = 0
        while i < old.count || j < new.count {
            let r: (start: Int, end: Int)
            if j == new.count || (i < old.count && old[i].start <= new[j].start) {
                r = old[i]
                i += 1
            } else {
                r = new[j]
                j += 1
            }
            if let last = result.last, r.start <= last.end {
                if r.end > last.end { result[result.count - 1].end = r.end }
            } else {
                result.append(r)
            }
        }
        return result
    }

    func offset(of address: Int) -> Int {
        var lo = 0, hi = union.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if union[mid].start <= address { lo = mid } else { hi = mid - 1 }
        }
        return union[lo].offset + (address - union[lo].start)
    }

    /// A snapshot's replay, once every snapshot has been added.
    public func plan(_ snapshot: Snapshot) -> ReplayPlan.SnapshotPlan {
        var entries: [(span: ReplayPlan.Span, samples: Int)] = []
        for (start, end, samples) in ranges(snapshot) where samples > 0 {
            entries.append((ReplayPlan.Span(offset: offset(of: start), length: end - start), samples))
        }
        entries.sort { $0.samples > $1.samples }
        var prefix = [0]
        for e in entries { prefix.append(prefix.last! + e.span.length) }
        let duration = (snapshot.endTime - snapshot.startTime).int
        return ReplayPlan.SnapshotPlan(durationNs: Swift.max(0, duration), slices: maxSamples, spans: entries.map(\.span),
                                       samples: entries.map(\.samples), prefixBytes: prefix)
    }
}
