import DamonModel

/// Re-aggregation of records to a longer aggregation interval (`damo
/// adjust`, and the first step of `report wss`), with damo's semantics:
/// overlapping regions of consecutive snapshots add up the maximum
/// nr_accesses of the intersecting newer regions, and the parts of newer
/// regions that nothing covers yet become regions of their own.
public enum RecordAdjust {
    /// Drops the first `skip` snapshots of each record, then groups the
    /// rest into aggregations of at least `aggregateIntervalUs`.  A trailing
    /// group shorter than that is dropped, as damo does.
    public static func adjust(_ records: inout [Record], aggregateIntervalUs: PyNum, skip: Int) {
        for i in records.indices {
            if records[i].intervals != nil {
                records[i].intervals!.aggr = aggregateIntervalUs
            }
            let snapshots = records[i].snapshots
            let kept = skip < snapshots.count ? Array(snapshots[max(0, skip)...]) : []
            records[i].snapshots = adjusted(kept, aggregateIntervalUs: aggregateIntervalUs)
        }
    }

    static func adjusted(_ snapshots: [Snapshot], aggregateIntervalUs: PyNum) -> [Snapshot] {
        var result: [Snapshot] = []
        result.reserveCapacity(snapshots.count)
        var adjuster = Adjuster(aggregateIntervalUs: aggregateIntervalUs, skip: 0)
        for s in snapshots {
            if let a = adjuster.add(s) { result.append(a) }
        }
        return result
    }

    /// One snapshot covering the given ones.
    public static func aggregate(_ snapshots: ArraySlice<Snapshot>) -> Snapshot {
        var group = Group(snapshots.first!)
        for s in snapshots.dropFirst() { group.add(s) }
        return group.snapshot
    }

    /// The adjustment of one record's snapshots, fed one at a time: what
    /// `adjust` does, holding one aggregation's regions at most.
    public struct Adjuster {
        let thresholdNs: PyNum
        var skip: Int
        var group: Group? = nil

        public init(aggregateIntervalUs: PyNum, skip: Int) {
            thresholdNs = aggregateIntervalUs * .int(1000)
            self.skip = skip
        }

        /// The aggregated snapshot this one completes, if any.
        public mutating func add(_ snapshot: Snapshot) -> Snapshot? {
            if skip > 0 {
                skip -= 1
                return nil
            }
            if group == nil { group = Group(snapshot) } else { group!.add(snapshot) }
            guard PyNum.compare(snapshot.endTime - group!.start, thresholdNs) >= 0 else { return nil }
            defer { group = nil }
            return group!.snapshot
        }
    }

    /// Snapshots being added up: one alone keeps its regions as they are
    /// (as damo does); more are merged into an AggregatedSpace.
    struct Group {
        let first: Snapshot
        var end: PyNum
        var space: AggregatedSpace? = nil
        var start: PyNum { first.startTime }

        init(_ first: Snapshot) {
            self.first = first
            end = first.endTime
        }

        mutating func add(_ s: Snapshot) {
            if space == nil {
                space = AggregatedSpace()
                space!.add(first.regions)
            }
            space!.add(s.regions)
            end = s.endTime
        }

        var snapshot: Snapshot {
            Snapshot(startTime: first.startTime, endTime: end, regions: space?.regions ?? first.regions)
        }
    }
}

/// The regions of an aggregation in progress.  damo keeps them in a list
/// and always matches a new region against the first intersecting one in
/// list order; `byAddress` finds that one without scanning the list.
struct AggregatedSpace {
    var regions: [Region] = []
    /// (start, end, index into regions), sorted by start; never overlapping.
    var byAddress: [(start: Int, end: Int, idx: Int)] = []

    mutating func add(_ snapshotRegions: [Region]) {
        var toAdd: [Int: Int] = [:]
        for region in snapshotRegions {
            insert(region, &toAdd)
        }
        for (idx, extra) in toAdd {
            regions[idx].samples = (regions[idx].samples ?? 0) + extra
        }
    }

    /// Index into byAddress of the first entry whose end is above `addr`.
    func firstEnding(after addr: Int) -> Int {
        var lo = 0, hi = byAddress.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if byAddress[mid].end <= addr { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insert(_ region: Region, _ toAdd: inout [Int: Int]) {
        // Among the existing regions intersecting this one, the earliest
        // added wins, as in damo's list scan.
        var pos = firstEnding(after: region.start)
        var winner: (start: Int, end: Int, idx: Int)? = nil
        while pos < byAddress.count && byAddress[pos].start < region.end {
            let entry = byAddress[pos]
            if entry.end > region.start && entry.start < region.end, winner == nil || entry.idx < winner!.idx {
                winner = entry
            }
            pos += 1
        }
        guard let r = winner else {
            let at = firstEnding(after: region.start)
            byAddress.insert((region.start, region.end, regions.count), at: at)
            regions.append(region)
            return
        }
        toAdd[r.idx] = max(toAdd[r.idx] ?? 0, region.samples ?? 0)
        var pieces: [Region] = []
        if region.start < r.start {
            pieces.append(piece(of: region, start: region.start, end: r.start))
        }
        if r.end < region.end {
            pieces.append(piece(of: region, start: r.end, end: region.end))
        }
        for p in pieces {
            insert(p, &toAdd)
        }
    }

    /// A part of a region that no earlier region covers, keeping its
    /// nr_accesses and age and a proportional filter-passed size.
    func piece(of region: Region, start: Int, end: Int) -> Region {
        var passed: Int? = nil
        if let sz = region.szFilterPassed, region.size > 0 {
            let ratio = Double(sz) / Double(region.size)
            passed = PyNum.float(ratio * Double(end - start)).int
        }
        return Region(start: start, end: end, samples: region.samples,
                      aggrIntervals: region.aggrIntervals, szFilterPassed: passed)
    }
}

public enum RecordMerge {
    /// Joins records of the same source (kdamond, context, intervals,
    /// scheme, target), keeping snapshots in start time order.
    public static func merge(_ records: [Record]) -> [Record] {
        var merged: [Record] = []
        for record in records {
            if let i = merged.firstIndex(where: { $0.canMerge(record) }) {
                merged[i].snapshots += record.snapshots
                // Python's sort is stable; so is this one.
                let sorted = merged[i].snapshots.enumerated().sorted {
                    let c = PyNum.compare($0.element.startTime, $1.element.startTime)
                    return c != 0 ? c < 0 : $0.offset < $1.offset
                }
                merged[i].snapshots = sorted.map(\.element)
            } else {
                merged.append(record)
            }
        }
        return merged
    }
}
