import DamonModel

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

    func matches(_ record: Record) -> Bool {
        record.kdamondIdx == kdamondIdx && record.contextIdx == contextIdx
            && record.schemeIdx == schemeIdx && record.targetId == targetId
    }

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
    public var hottest: Range? {
        var best: Range? = nil
        for r in ranges where best == nil || r.heatPerByte > best!.heatPerByte {
            best = r
        }
        return best
    }

    /// The guides of records, largest covered space first.
    public static func of(_ records: [Record]) -> [RecordGuide] {
        var guides: [RecordGuide] = []
        for record in records {
            for snapshot in record.snapshots {
                var gi = guides.firstIndex { $0.matches(record) }
                if gi == nil {
                    guides.append(RecordGuide(
                        kdamondIdx: record.kdamondIdx, contextIdx: record.contextIdx,
                        schemeIdx: record.schemeIdx, targetId: record.targetId,
                        startTime: oldestMonitorTime(snapshot, record.intervals)))
                    gi = guides.count - 1
                }
                guides[gi!].observe(snapshot)
            }
        }
        for gi in guides.indices {
            guides[gi].ranges = guides[gi].contiguousRanges.map { Range(start: $0.0, end: $0.1, heats: nil) }
            for record in records where guides[gi].matches(record) {
                for snapshot in record.snapshots {
                    for region in snapshot.regions {
                        let samples = region.samples ?? 0
                        if samples == 0 { continue }
                        for ri in guides[gi].ranges.indices {
                            let range = guides[gi].ranges[ri]
                            if region.end < range.start || range.end < region.start { continue }
                            guides[gi].ranges[ri].heats = (range.heats ?? 0) + Int128(region.size) * Int128(samples)
                        }
                    }
                }
            }
        }
        // Stable, like Python's sort(reverse=True).
        return guides.enumerated().sorted {
            $0.element.totalSpace != $1.element.totalSpace
                ? $0.element.totalSpace > $1.element.totalSpace : $0.offset < $1.offset
        }.map(\.element)
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
        var lastAddr: Int? = nil
        var newGaps: [(Int, Int)] = []
        for r in snapshot.regions {
            if lowestAddr == nil || lowestAddr == 0 || r.start < lowestAddr! { lowestAddr = r.start }
            if highestAddr == nil || highestAddr == 0 || r.end > highestAddr! { highestAddr = r.end }
            guard let last = lastAddr, last != 0 else {
                lastAddr = r.end
                continue
            }
            if last != r.start { newGaps.append((last, r.start)) }
            lastAddr = r.end
        }
        gaps = gaps.isEmpty ? newGaps : RecordGuide.narrowed(gaps, by: newGaps)
    }

    /// Each old gap narrowed by every new gap it touches (damo keeps gaps
    /// that touch none unchanged).
    static func narrowed(_ gaps: [(Int, Int)], by others: [(Int, Int)]) -> [(Int, Int)] {
        gaps.map { gap in
            var g = gap
            for o in others where !(g.1 < o.0) && !(o.1 < g.0) {
                g = (max(g.0, o.0), min(g.1, o.1))
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
