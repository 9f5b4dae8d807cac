import DamonModel

/// The region access pattern to keep: damo's `--sz_region`,
/// `--access_rate` and `--age`.
public struct AccessPatternFilter: Sendable {
    public var sizeMin: PyNum, sizeMax: PyNum
    /// Access rate in percent.
    public var rateMin: PyNum, rateMax: PyNum
    /// Age in microseconds.
    public var ageMinUs: PyNum, ageMaxUs: PyNum

    public init(sizeMin: PyNum = .int(0), sizeMax: PyNum = .int(ulongMax),
                rateMin: PyNum = .int(0), rateMax: PyNum = .int(ulongMax),
                ageMinUs: PyNum = .int(0), ageMaxUs: PyNum = .int(ulongMax)) {
        self.sizeMin = sizeMin; self.sizeMax = sizeMax
        self.rateMin = rateMin; self.rateMax = rateMax
        self.ageMinUs = ageMinUs; self.ageMaxUs = ageMaxUs
    }

    /// Whether the region fits.  Without intervals only the size can be
    /// judged (rates and ages need them), as in damo.
    func admits(_ region: inout Region, _ intervals: Intervals?, maxSamples: PyNum) -> Bool {
        let sz = PyNum(region.size)
        if sz < sizeMin || sizeMax < sz { return false }
        guard let intervals else { return true }
        region.addUnsetUnits(intervals, maxSamples: maxSamples)
        guard let rate = region.percent, let age = region.usec else { return true }
        if rate < rateMin || rateMax < rate { return false }
        if age < ageMinUs || ageMaxUs < age { return false }
        return true
    }
}

/// Region and snapshot filters applied to records after reading them
/// (damo's RecordFilter), in damo's order.
public struct RecordFilter: Sendable {
    public var accessPattern: AccessPatternFilter?
    public var addressRanges: [(PyNum, PyNum)]?
    public var snapshotSizeRanges: [(PyNum, PyNum)]?
    public var snapshotTimeRanges: [(PyNum, PyNum)]?
    public var snapshotIndexRanges: [(PyNum, PyNum)]?
    public var temperatureRanges: [(PyNum, PyNum)]?
    /// size, access rate and age weights.
    public var temperatureWeights: [PyNum]

    public init(accessPattern: AccessPatternFilter? = nil, addressRanges: [(PyNum, PyNum)]? = nil,
                snapshotSizeRanges: [(PyNum, PyNum)]? = nil, snapshotTimeRanges: [(PyNum, PyNum)]? = nil,
                snapshotIndexRanges: [(PyNum, PyNum)]? = nil, temperatureRanges: [(PyNum, PyNum)]? = nil,
                temperatureWeights: [PyNum] = [.int(0), .int(100), .int(100)]) {
        self.accessPattern = accessPattern
        self.addressRanges = addressRanges
        self.snapshotSizeRanges = snapshotSizeRanges
        self.snapshotTimeRanges = snapshotTimeRanges
        self.snapshotIndexRanges = snapshotIndexRanges
        self.temperatureRanges = temperatureRanges
        self.temperatureWeights = temperatureWeights
    }

    /// Sorts and checks address or size ranges the way damo does: start
    /// <= end, no overlaps.  Returns a message naming the problem.
    public static func sortedRanges(_ ranges: [(PyNum, PyNum)]) -> Result<[(PyNum, PyNum)], RangeError> {
        let sorted = ranges.enumerated().sorted {
            let c = PyNum.compare($0.element.0, $1.element.0)
            return c != 0 ? c < 0 : $0.offset < $1.offset
        }.map(\.element)
        for (i, r) in sorted.enumerated() {
            if r.1 < r.0 { return .failure(RangeError(message: "start > end (\(r.0) > \(r.1))")) }
            if i > 0 && r.0 < sorted[i - 1].1 { return .failure(RangeError(message: "overlapping range")) }
        }
        return .success(sorted)
    }

    public struct RangeError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public func apply(_ records: inout [Record]) {
        for i in records.indices {
            apply(&records[i])
        }
    }

    public func apply(_ record: inout Record) {
        var state = SnapshotState()
        var kept: [Snapshot] = []
        for var snapshot in record.snapshots where apply(&snapshot, intervals: record.intervals, state: &state) {
            kept.append(snapshot)
        }
        record.snapshots = kept
    }

    /// What filtering a record's snapshots one at a time carries from one
    /// to the next: index ranges count the snapshots the size and time
    /// ranges kept.
    public struct SnapshotState: Sendable {
        var index = 0
        public init() {}
    }

    /// Filters one snapshot of a record (in order, with one state per
    /// record); false when the snapshot is dropped.
    public func apply(_ snapshot: inout Snapshot, intervals: Intervals?, state: inout SnapshotState) -> Bool {
        if let pattern = accessPattern {
            let maxSamples = intervals.map { $0.aggr / $0.sample } ?? .int(0)
            // In place: the common pattern admits every region, and a
            // copy of each was a tenth of a raw form's time.
            var regions: [Region] = []
            swap(&regions, &snapshot.regions)
            var kept = 0
            for i in regions.indices where pattern.admits(&regions[i], intervals, maxSamples: maxSamples) {
                if kept != i { regions.swapAt(kept, i) }
                kept += 1
            }
            regions.removeLast(regions.count - kept)
            snapshot.regions = regions
        }
        if let ranges = addressRanges {
            var kept: [Region] = []
            for region in snapshot.regions {
                for (start, end) in ranges {
                    let rs = PyNum(region.start), re = PyNum(region.end)
                    if !(start < re) || !(rs < end) { continue }
                    var part = region
                    if rs < start { part.start = start.int }
                    if end < re { part.end = end.int }
                    kept.append(part)
                }
            }
            snapshot.regions = kept
            snapshot.updateTotalBytes()
        }
        if let ranges = snapshotSizeRanges {
            let total = PyNum(snapshot.totalBytes ?? Snapshot.sumSizes(snapshot.regions))
            if !ranges.contains(where: { !(total < $0.0) && !($0.1 < total) }) { return false }
        }
        if let ranges = snapshotTimeRanges {
            if !ranges.contains(where: { !(snapshot.startTime < $0.0) && !($0.1 < snapshot.endTime) }) { return false }
        }
        if let ranges = snapshotIndexRanges {
            let idx = PyNum(state.index)
            state.index += 1
            if !ranges.contains(where: { !(idx < $0.0) && !($0.1 < idx) }) { return false }
        }
        if let ranges = temperatureRanges, let intervals {
            var kept: [Region] = []
            for var region in snapshot.regions {
                region.addUnsetUnits(intervals)
                let t = Temperature.of(region, weights: temperatureWeights)
                if ranges.contains(where: { !(t < $0.0) && !($0.1 < t) }) {
                    kept.append(region)
                }
            }
            snapshot.regions = kept
            snapshot.updateTotalBytes()
        }
        return true
    }
}

/// damo's region temperature: a weighted sum of size, access rate (percent)
/// and age (usec), negated for regions that were not accessed.
public enum Temperature {
    public static func of(_ region: Region, weights: [PyNum]) -> PyNum {
        let rate = region.percent ?? .int(0)
        let score = PyNum(region.size) * weights[0] + rate * weights[1]
            + (region.usec ?? .int(0)) * weights[2]
        return PyNum.compare(rate, .int(0)) > 0 ? score : -score
    }
}
