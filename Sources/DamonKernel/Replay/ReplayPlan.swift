import DamonModel

/// How a record's accesses are replayed: its regions laid out in one
/// memory area in address order (each region keeps its size and place next
/// to its neighbours; the unmonitored gaps between them, which can be
/// terabytes in a process's address space, are left out), and each
/// snapshot cut into as many time slices as an aggregation interval has
/// samples; a region with N samples of accesses is touched in the first N
/// slices of the snapshot.
public struct ReplayPlan: Sendable {
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

    public let areaSize: Int
    /// Bytes of the regions that are touched at least once: the memory the
    /// replay makes resident.
    public let touchedBytes: Int
    public let snapshots: [SnapshotPlan]

    public init(record: Record) {
        let intervals = record.intervals ?? Intervals()
        let maxSamples = Swift.max(1, (intervals.aggr / intervals.sample).int)
        let page = Self.pageSize
        func aligned(_ r: Region) -> (Int, Int) {
            (r.start / page * page, (r.end + page - 1) / page * page)
        }
        // The union of all regions, page aligned, in address order.
        var ranges = record.snapshots.flatMap { $0.regions.map(aligned) }.filter { $0.1 > $0.0 }
        ranges.sort { $0.0 < $1.0 }
        var union: [(start: Int, end: Int, offset: Int)] = []
        var size = 0
        for (start, end) in ranges {
            if let last = union.last, start <= last.end {
                if end > last.end {
                    size += end - last.end
                    union[union.count - 1].end = end
                }
                continue
            }
            union.append((start, end, size))
            size += end - start
        }
        areaSize = size
        func offset(of address: Int) -> Int {
            var lo = 0, hi = union.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if union[mid].start <= address { lo = mid } else { hi = mid - 1 }
            }
            return union[lo].offset + (address - union[lo].start)
        }
        var touched: [(Int, Int)] = []
        var plans: [SnapshotPlan] = []
        for snapshot in record.snapshots {
            var entries: [(span: Span, samples: Int)] = []
            for var region in snapshot.regions {
                region.addUnsetUnits(intervals, maxSamples: .int(Int128(maxSamples)))
                let (start, end) = aligned(region)
                guard end > start else { continue }
                let samples = Swift.min(region.samples ?? 0, maxSamples)
                guard samples > 0 else { continue }
                entries.append((Span(offset: offset(of: start), length: end - start), samples))
                touched.append((start, end))
            }
            entries.sort { $0.samples > $1.samples }
            var prefix = [0]
            for e in entries { prefix.append(prefix.last! + e.span.length) }
            let duration = (snapshot.endTime - snapshot.startTime).int
            plans.append(SnapshotPlan(durationNs: Swift.max(0, duration), slices: maxSamples,
                                      spans: entries.map(\.span), samples: entries.map(\.samples), prefixBytes: prefix))
        }
        snapshots = plans
        touched.sort { $0.0 < $1.0 }
        var total = 0, coveredUntil = Int.min
        for (start, end) in touched where end > coveredUntil {
            total += end - Swift.max(start, coveredUntil)
            coveredUntil = end
        }
        touchedBytes = total
    }
}
