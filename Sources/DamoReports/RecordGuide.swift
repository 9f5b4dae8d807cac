import DamonModel

/// Records read in a pass: `body` gets each record's header with nil,
/// then each of its snapshots with the header.  Reports needing more than
/// one look at a record (bounds first, then drawing) call it again.
public typealias RecordPass = (_ body: (Record, Snapshot?) throws -> Void) throws -> Void

public enum RecordPasses {
    /// Passes over records in memory.
    public static func over(_ records: [Record]) -> RecordPass {
        { body in
            for r in records {
                try body(r, nil)
                for s in r.snapshots { try body(r, s) }
            }
        }
    }
}

/// What a record covers, per source (kdamond, context, scheme, target):
/// its time span and the contiguous address ranges its regions fill, each
/// with how hot it was.  Heatmaps use it to pick what to draw by default
/// (`report heatmap --guide` prints it, as does `report record_info`).
public struct RecordGuide: Sendable {
    public struct Range: Sendable {
        public var start: Int
        public var end: Int
        /// Sum of size * nr_accesses (samples) of accessed regions
        /// touching this range; nil when none was accessed.
        public var heats: Int128?

        public var heatPerByte: Double {
            guard let heats, end != start else { return 0 }
            return Double(heats) / Double(end - start)
        }
    }

    public var kdamondIdx: Int
    public var contextIdx: Int
    public var schemeIdx: Int?
    public var targetId: TargetID?
    public var startTime: PyNum
    public var endTime: PyNum = .int(0)
    var lowestAddr: Int?
    var highestAddr: Int?
    var gaps: [(Int, Int)] = []
    public var ranges: [Range] = []

    var contiguousRanges: [(Int, Int)] {
        var result: [(Int, Int)] = []
        var start = lowestAddr ?? 0
        for gap in gaps {
            result.append((start, gap.0))
            start = gap.1
        }
        result.append((start, highestAddr ?? 0))
        return result
    }

    var totalSpace: Int128 {
        contiguousRanges.reduce(0) { $0 + Int128($1.1) - Int128($1.0) }
    }

    /// The hottest range per byte (the first of equals).
    public var hottest: Range? { hottestIndex.map { ranges[$0] } }

    public var hottestIndex: Int? {
        var best: Int? = nil
        for (i, r) in ranges.enumerated() where best == nil || r.heatPerByte > ranges[best!].heatPerByte {
            best = i
        }
        return best
    }

    /// What tells records of one source from another.
    struct Source: Hashable {
        let kdamondIdx: Int, contextIdx: Int, schemeIdx: Int?, targetId: TargetID?
        init(_ r: Record) {
            kdamondIdx = r.kdamondIdx; contextIdx = r.contextIdx; schemeIdx = r.schemeIdx; targetId = r.targetId
        }
    }

    /// The guides of records, largest covered space first.  Linear in
    /// regions (up to logarithms), however many sources, ranges and
    /// overlaps a record has.
    public static func of(_ records: [Record]) -> [RecordGuide] {
        (try? of(passes: RecordPasses.over(records))) ?? []
    }

    /// The guides of records read in two passes.
    public static func of(passes: RecordPass) throws -> [RecordGuide] {
        var builder = Builder()
        try passes { record, snapshot in
            if let snapshot { builder.observe(snapshot, of: record) }
        }
        builder.endObserving()
        try passes { record, snapshot in
            if let snapshot { builder.addHeat(snapshot, of: record) }
        }
        return builder.guides
    }

    /// Guides made from snapshots streamed twice: a first pass observes
    /// the spaces, a second adds the heat of each range.
    public struct Builder {
        var all: [RecordGuide] = []
        var index: [Source: Int] = [:]

        public init() {}

        /// Pass 1: a snapshot of `record` (a header is enough).
        public mutating func observe(_ snapshot: Snapshot, of record: Record) {
            let source = Source(record)
            let gi = index[source] ?? {
                all.append(RecordGuide(
                    kdamondIdx: record.kdamondIdx, contextIdx: record.contextIdx,
                    schemeIdx: record.schemeIdx, targetId: record.targetId,
                    startTime: oldestMonitorTime(snapshot, record.intervals)))
                index[source] = all.count - 1
                return all.count - 1
            }()
            all[gi].observe(snapshot)
        }

        /// Between the passes.
        public mutating func endObserving() {
            for gi in all.indices {
                all[gi].ranges = all[gi].contiguousRanges.map { Range(start: $0.0, end: $0.1, heats: nil) }
            }
        }

        /// Pass 2: the same snapshots again.
        public mutating func addHeat(_ snapshot: Snapshot, of record: Record) {
            guard let gi = index[Source(record)] else { return }
            for region in snapshot.regions {
                let samples = region.samples ?? 0
                if samples == 0 { continue }
                all[gi].addHeat(of: region, samples: samples)
            }
        }

        /// The guides, largest covered space first.
        public var guides: [RecordGuide] {
            // Stable, like Python's sort(reverse=True).
            all.enumerated().sorted {
                $0.element.totalSpace != $1.element.totalSpace
                    ? $0.element.totalSpace > $1.element.totalSpace : $0.offset < $1.offset
            }.map(\.element)
        }
    }

    /// Adds size * nr_accesses to every range the region touches.  Ranges
    /// between two gaps are in address order without overlaps (gaps are),
    /// so those are found by binary search; the first and the last range
    /// end at the lowest and highest addresses, which damo's treatment of
    /// address 0 can put anywhere, and are checked one by one.
    @inline(__always)
    mutating func addHeat(of region: borrowing Region, samples: Int) {
        let heat = Int128(region.size) * Int128(samples)
        @inline(__always) func add(_ ri: Int) {
            let range = ranges[ri]
            if region.end < range.start || range.end < region.start { return }
            ranges[ri].heats = (range.heats ?? 0) + heat
        }
        let n = ranges.count
        if n <= 2 {
            for ri in 0..<n { add(ri) }
            return
        }
        add(0)
        var lo = 1, hi = n - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].end < region.start { lo = mid + 1 } else { hi = mid }
        }
        var ri = lo
        while ri < n - 1 && ranges[ri].start <= region.end {
            add(ri)
            ri += 1
        }
        add(n - 1)
    }

    /// Where the first snapshot's oldest region started being as it is.
    static func oldestMonitorTime(_ snapshot: Snapshot, _ intervals: Intervals?) -> PyNum {
        guard let intervals else { return snapshot.startTime }
        var longest = 0
        for r in snapshot.regions where (r.aggrIntervals ?? 0) > longest {
            longest = r.aggrIntervals!
        }
        return snapshot.startTime - PyNum(longest) * (intervals.aggr * .int(1000))
    }

    mutating func observe(_ snapshot: Snapshot) {
        endTime = snapshot.endTime
        // damo treats address 0 as "not set yet"; so do we, for equal output.
        for r in snapshot.regions {
            if lowestAddr == nil || lowestAddr == 0 || r.start < lowestAddr! { lowestAddr = r.start }
            if highestAddr == nil || highestAddr == 0 || r.end > highestAddr! { highestAddr = r.end }
        }
        let newGaps = RecordGuide.holes(snapshot.regions)
        gaps = gaps.isEmpty ? newGaps : RecordGuide.narrowed(gaps, by: newGaps)
    }

    /// The unmonitored holes between a snapshot's regions, in address
    /// order.  For DAMON's regions (in order, never overlapping) these are
    /// damo's gaps: (end of a region, start of the next) where they differ.
    /// Overlapping or unordered regions (damo makes inverted "gaps" of
    /// them) leave the holes of their union.
    static func holes(_ regions: [Region]) -> [(Int, Int)] {
        let sorted = regions.isInAddressOrder ? regions : regions.sorted { $0.start < $1.start }
        var holes: [(Int, Int)] = []
        var lastAddr: Int? = nil
        for r in sorted {
            guard let last = lastAddr, last != 0 else {
                lastAddr = r.end
                continue
            }
            if last < r.start { holes.append((last, r.start)) }
            lastAddr = max(last, r.end)
        }
        return holes
    }

    /// Each old gap narrowed by every new gap it touches, in order (damo
    /// keeps gaps that touch none unchanged).  Both lists are in address
    /// order without overlaps, so the new gaps an old one touches are a
    /// run found by binary search.
    static func narrowed(_ gaps: [(Int, Int)], by others: [(Int, Int)]) -> [(Int, Int)] {
        gaps.map { gap in
            var g = gap
            var lo = 0, hi = others.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if others[mid].1 < g.0 { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < others.count && others[i].0 <= g.1 {
                let o = others[i]
                if !(g.1 < o.0) && !(o.1 < g.0) {
                    g = (max(g.0, o.0), min(g.1, o.1))
                }
                i += 1
            }
            return g
        }
    }

    public func text(raw: Bool) -> String {
        var lines: [String] = []
        lines.append("kdamond_idx: \(kdamondIdx)")
        lines.append("context_idx: \(contextIdx)")
        if let schemeIdx { lines.append("scheme_idx: \(schemeIdx)") }
        if let targetId { lines.append("target_id: \(targetId)") }
        lines.append("time: [\(UnitFormat.timeNs(startTime, raw: raw)), \(UnitFormat.timeNs(endTime, raw: raw))) (\(UnitFormat.timeNs(endTime - startTime, raw: raw)))")
        for (i, r) in ranges.enumerated() {
            lines.append("region\t" + PyFormat.padLeft(String(i), 2) + ": [" + UnitFormat.sizeAccurate(PyNum(r.start), raw: raw)
                + ", " + UnitFormat.sizeAccurate(PyNum(r.end), raw: raw) + ") (" + UnitFormat.size(r.end - r.start, raw: raw) + ")")
        }
        return lines.joined(separator: "\n")
    }
}
